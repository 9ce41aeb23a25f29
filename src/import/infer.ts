/**
 * From DNS records to a topology: the `dns` section is what the source said, restricted to what
 * mail routing reads (each domain's MX or address, the CNAME chains, the addresses of MX targets);
 * the hosts are what can be inferred, each with the lines of its comment saying where it came from
 * and what is assumed. Inference, in order: a catalogued service keeps its documented role; an
 * unknown best MX holds the mailboxes (postmaster@ stands for them: RFC 5321 §4.5.1 requires every
 * domain to have one); an unknown host behind a filter or relay is that service's destination;
 * any other unknown host is a backup MX. A filter or relay with no such host gets a placeholder
 * destination under `.invalid` (RFC 2606), which the comment asks the reader to replace.
 */
import { parseName } from '../../models/topology/parse.js';
import type { DnsEntry, MxRecord } from '../../models/topology/types.js';
import { recognise, type CatalogueEntry, type ServiceRole } from './catalogue.js';
import { isIpLiteral, MAX_CNAME_CHAIN, type DnsFacts } from './facts.js';

export interface ImportedHost {
  name: string;
  /** Host fields as FORMAT.md writes them. */
  fields: Record<string, unknown>;
  /** The comment above it: where it came from, what is assumed, what to fill in. */
  comment: string[];
}

export interface Imported {
  dns: Record<string, DnsEntry>;
  hosts: ImportedHost[];
  messages: { from: string; to: string }[];
  /** What the reader should know about the records themselves (also printed on stderr). */
  notes: string[];
}

/** The implicit sender's address in imported files: `.invalid` never names a real domain. */
export const IMPORT_SENDER = 'sender@sender.invalid';

interface Use {
  domain: string;
  preference: number;
  /** The MX target as the record names it (an alias when it differs from the host). */
  mxName: string;
  implicit: boolean;
}

interface HostDraft {
  name: string;
  uses: Use[];
  service: { entry: CatalogueEntry; pattern: string } | null;
  assumed: boolean;
}

const placeholder = (domain: string) => `mailbox.${domain}.invalid`;

class Inference {
  readonly dns: Record<string, DnsEntry> = {};
  readonly notes: string[] = [];
  readonly drafts = new Map<string, HostDraft>();

  constructor(
    private readonly facts: DnsFacts,
    private readonly catalogue: readonly CatalogueEntry[],
  ) {
    this.notes.push(...facts.notes);
  }

  private keep(name: string, field: keyof DnsEntry): void {
    let value = this.facts.records[name]?.[field];
    if (value === undefined) return;
    // Resolvers answer in any order: the file lists MX by preference, addresses sorted.
    if (field === 'mx') value = [...(value as MxRecord[])].sort((a, b) => a.preference - b.preference || a.host.localeCompare(b.host));
    else if (Array.isArray(value)) value = [...(value as string[])].sort();
    (this.dns[name] ??= {})[field] = value as never;
  }

  private hasAddress(name: string): boolean {
    const e = this.facts.records[name];
    return (e?.a?.length ?? 0) > 0 || (e?.aaaa?.length ?? 0) > 0 || this.facts.assumed.includes(name);
  }

  /** Follows a CNAME chain, keeping its links; the name at its end, or null when it loops. */
  private follow(name: string): string | null {
    let at = name;
    for (let i = 0; i < MAX_CNAME_CHAIN; i++) {
      const next = this.facts.records[at]?.cname;
      if (next === undefined) return at;
      this.keep(at, 'cname');
      at = next;
    }
    return null;
  }

  domain(domain: string): void {
    const owner = this.follow(domain);
    if (owner === null) return void this.notes.push(`${domain}: its CNAME chain loops or runs too long; not imported`);
    const records = this.facts.records[owner]?.mx;
    let targets: MxRecord[];
    let implicit = false;
    if (records === undefined || records.length === 0) {
      if (!this.hasAddress(owner)) return void this.notes.push(`${domain} has no MX and no address: it receives no mail`);
      this.keep(owner, 'a');
      this.keep(owner, 'aaaa');
      this.notes.push(`${domain} has no MX record: its own address is its implicit MX (RFC 5321 §5.1)`);
      targets = [{ preference: 0, host: owner }];
      implicit = true;
    } else {
      this.keep(owner, 'mx');
      targets = [...records].sort((a, b) => a.preference - b.preference);
      if (records.some((r) => r.host === '.')) {
        this.notes.push(`${domain} has a null MX${records.length > 1 ? ' beside other MX records' : ''}: it accepts no mail (RFC 7505)`);
      }
    }
    for (const r of targets) {
      if (r.host === '.') continue;
      if (isIpLiteral(r.host)) {
        this.notes.push(`MX of ${domain} names the address ${r.host}, not a host: no host stands for it`);
        continue;
      }
      const end = this.follow(r.host);
      if (end === null) {
        this.notes.push(`MX ${r.preference} ${r.host} of ${domain}: its CNAME chain loops: a dangling MX`);
        continue;
      }
      if (!implicit) {
        this.keep(end, 'a');
        this.keep(end, 'aaaa');
      }
      if (!this.hasAddress(end)) {
        this.notes.push(`MX ${r.preference} ${r.host} of ${domain} has no address: a dangling MX, no host stands for it`);
        continue;
      }
      if (!parseName(end, 'host name').ok) {
        this.notes.push(`MX ${r.preference} ${r.host} of ${domain}: ${end} is not a host name mxproof can take; skipped`);
        continue;
      }
      let draft = this.drafts.get(end);
      if (draft === undefined) {
        const found = recognise(this.catalogue, [r.host, end]);
        draft = { name: end, uses: [], service: found, assumed: this.facts.assumed.includes(end) };
        this.drafts.set(end, draft);
      }
      draft.uses.push({ domain, preference: r.preference, mxName: r.host, implicit });
    }
  }
}

const serviceRole = (d: HostDraft): ServiceRole | null => d.service?.entry.role ?? null;

/** Infers the hosts of the facts' domains; `catalogue` is searched in order (user entries first). */
export function inferTopology(facts: DnsFacts, catalogue: readonly CatalogueEntry[]): Imported {
  const inf = new Inference(facts, catalogue);
  for (const d of facts.domains) inf.domain(d);
  const drafts = [...inf.drafts.values()];

  // Per domain, its hosts by preference; who holds its mailboxes, who fronts it.
  const holder = new Map<string, string>();
  const fronts = new Map<string, HostDraft[]>();
  const backups = new Map<string, Set<string>>();
  for (const domain of facts.domains) {
    const users = drafts
      .flatMap((d) => d.uses.filter((u) => u.domain === domain).map((u) => ({ d, u })))
      .sort((a, b) => a.u.preference - b.u.preference);
    if (users.length === 0) continue;
    const best = users[0]!.u.preference;
    const services = users.filter(({ d }) => serviceRole(d) === 'filter' || serviceRole(d) === 'relay');
    const frontsDomain = services.some(({ u }) => u.preference === best);
    if (frontsDomain) fronts.set(domain, services.filter(({ u }) => u.preference === best).map(({ d }) => d));
    for (const { d, u } of users) {
      const role = serviceRole(d);
      if (role === 'filter' || role === 'relay' || role === 'backup-mx') continue;
      if (!holder.has(domain) && (u.preference === best || frontsDomain)) holder.set(domain, d.name);
      else if (holder.get(domain) !== d.name) (backups.get(d.name) ?? backups.set(d.name, new Set()).get(d.name)!).add(domain);
    }
  }

  const hosts: ImportedHost[] = [];
  const extra: ImportedHost[] = [];
  const destinationOf = (domain: string): string => {
    const h = holder.get(domain);
    if (h !== undefined) return h;
    const name = placeholder(domain);
    holder.set(domain, name);
    extra.push({
      name,
      fields: { role: 'mailbox', mailboxes: [`postmaster@${domain}`] },
      comment: [
        `${name}: a placeholder. DNS does not show where the service in front of ${domain} delivers to;`,
        `replace this name (everywhere in the file) with your mailbox server, and set its listen ports.`,
        `Assumed: it holds the mailboxes of ${domain} (postmaster@${domain} stands for them).`,
      ],
    });
    return name;
  };

  for (const d of drafts) {
    const domains = [...new Set(d.uses.map((u) => u.domain))];
    const from = d.uses.map((u) => (u.implicit ? `the implicit MX of ${u.domain} (its own address)` : `MX ${u.preference} ${u.mxName} of ${u.domain}`));
    const comment = [`${d.name}: from ${from.join('; ')}.`];
    if (d.uses.some((u) => u.mxName !== d.name)) comment.push(`It is the end of a CNAME chain: senders follow it, though an MX must not name an alias.`);
    if (d.assumed) comment.push(`It is outside the zone file: assumed to resolve.`);
    const fields: Record<string, unknown> = {};
    const service = d.service;
    if (service !== null) {
      const e = service.entry;
      comment.push(`Recognised as ${e.name} (${service.pattern}): ${e.documented}.`);
      if (e.docs.length > 0) comment.push('Documented at:', ...e.docs.map((u) => `  ${u}`));
      fields.role = e.role;
    }
    const role = serviceRole(d);
    if (role === 'filter' || role === 'relay') {
      fields.accepts = domains;
      const e = service!.entry;
      if (e.verify !== undefined) fields.verify = e.verify;
      if (e.deferOk) fields.deferOk = true;
      const routeOf = (domain: string) => (role === 'filter' ? { to: [destinationOf(domain)] } : { bestMxElse: destinationOf(domain) });
      fields.route = routeOf(domains[0]!);
      const overrides = Object.fromEntries(domains.slice(1).filter((x) => destinationOf(x) !== destinationOf(domains[0]!)).map((x) => [x, routeOf(x)]));
      if (Object.keys(overrides).length > 0) fields.routes = overrides;
      comment.push(
        role === 'filter'
          ? `Assumed: delivers to ${domains.map((x) => `${destinationOf(x)} for ${x}`).join(', ')} on port 25, its configured destination; check the host and port.`
          : `Assumed: its destination is ${domains.map((x) => `${destinationOf(x)}:25 for ${x}`).join(', ')}; set the host and port it is configured with (2525 behind a port-25 block).`,
      );
    } else if (role === 'backup-mx') {
      fields.accepts = domains;
      comment.push(`Assumed: no recipient list, so it accepts any address of ${domains.join(', ')} (add recipients and verify: list if it keeps one).`);
    } else {
      const own = domains.filter((x) => holder.get(x) === d.name);
      const backup = domains.filter((x) => holder.get(x) !== d.name);
      if (own.length === 0) {
        fields.role = 'backup-mx';
        fields.accepts = backup;
        comment.push(`Assumed: a backup MX for ${backup.join(', ')} (a worse preference than the best MX), forwarding by MX, with no recipient list (add recipients and verify: list if it keeps one).`);
      } else {
        fields.role = 'mailbox';
        fields.mailboxes = own.map((x) => `postmaster@${x}`);
        const why = (x: string) =>
          service !== null ? 'its mailbox provider' : fronts.has(x) ? `the destination of ${fronts.get(x)!.map((f) => f.name).join(', ')} in front of it` : 'its best MX';
        comment.push(`Assumed: holds the mailboxes of ${own.map((x) => `${x} (as ${why(x)})`).join(', ')}; postmaster@ stands for them (RFC 5321 §4.5.1): list the real ones.`);
        if (service?.entry.verify !== undefined && service.entry.verify !== 'local') fields.verify = service.entry.verify;
        if (backup.length > 0) {
          fields.accepts = domains;
          fields.verify = 'none';
          fields.routes = Object.fromEntries(backup.map((x) => [x, 'mx']));
          comment.push(`It is also a backup MX for ${backup.join(', ')}: it accepts any address of its domains (verify: none) and forwards those by MX.`);
        }
        const lockFor = own.flatMap((x) => fronts.get(x) ?? []).filter((f) => serviceRole(f) === 'filter');
        if (service?.entry.ipLock !== undefined && lockFor.length > 0 && own.every((x) => fronts.has(x))) {
          fields.allowFrom = [...new Set(lockFor.map((f) => f.name))];
          fields.allowFromReply = service.entry.ipLock;
          comment.push(`Assumed, as documented for it behind a filter: accepts connections only from the filter (an IP lock answering ${service.entry.ipLock}); remove allowFrom if yours is not locked.`);
        }
      }
      comment.push(`Listens on port 25 only (add listen: [...] for others).`);
    }
    hosts.push({ name: d.name, fields, comment });
  }
  hosts.push(...extra);

  const messages = facts.domains.filter((x) => holder.has(x)).map((x) => ({ from: IMPORT_SENDER, to: `postmaster@${x}` }));
  return { dns: inf.dns, hosts, messages, notes: inf.notes };
}
