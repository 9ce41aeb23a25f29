/**
 * fast-check arbitraries for mail topologies, valid by construction: every reference to a host,
 * domain or mailbox is drawn as an index and resolved modulo what exists, so removing a host while
 * shrinking never leaves a dangling reference. Everything shrinks towards fewer hosts, fewer MX
 * records, fewer messages and the role presets' defaults, so a failing topology ends as the
 * smallest one that still fails. Exported for users' own property tests.
 */
import fc from 'fast-check';
import { SOFTWARE } from '../topology/software.js';
import { applyPreset, type Given, type Preset } from '../topology/presets.js';
import { roleOf } from '../roles/registry.js';
import type { DnsEntry, Fault, Host, HostPort, MxRecord, Role, Route, Software, Topology, VerifyMode } from '../topology/types.js';

export interface TopologyConstraints {
  /** Hosts every generated topology contains unchanged, first and in this order (a rules file's hosts). */
  fixedHosts?: readonly Host[];
  /** DNS entries kept as given; other domains get generated MX records. */
  fixedDns?: Readonly<Record<string, DnsEntry>>;
  /** Most third-party hosts added around the fixed ones (default 3). */
  maxExtraHosts?: number;
  /** Fewest third-party hosts (default 0). */
  minExtraHosts?: number;
  /** Most domains beyond those the fixed hosts accept (default 1). */
  maxExtraDomains?: number;
  /** Most MX records per generated domain (default 3). */
  maxMx?: number;
  /** Messages per topology, at least one (default at most 2). */
  maxMessages?: number;
  /** Roles the third-party hosts may have (default all). */
  roles?: readonly Role[];
  /** Generate blocked ports and transient/down faults (default true). */
  faults?: boolean;
  /** Add up to two path properties (`waypoint`/`avoid` over one or two hosts; default false). */
  pathProperties?: boolean;
}


const ROLES: readonly Role[] = ['filter', 'relay', 'backup-mx', 'mailbox', 'mta'];
const VERIFY: readonly VerifyMode[] = ['none', 'local', 'list', 'call-ahead'];
const PREFIX: Record<Role, string> = { filter: 'filter', relay: 'relay', 'backup-mx': 'backup', mailbox: 'mail', mta: 'mta' };

/** One third-party host before its references are resolved. */
interface HostSpec {
  role: Role;
  domain: number;
  verify: VerifyMode | null;
  deferOk: boolean;
  next: number;
  altPort: boolean;
  noSelfCheck: boolean;
  list: boolean;
  allowFrom: number | null;
  spam: { blocks: number; whitelist: boolean; quarantine: boolean } | null;
  listenAlt: boolean;
  software: Software | null;
  lock550: boolean;
}

/**
 * Options depart from the role's defaults now and then, not half the time: most real set-ups are
 * plain, and a topology with every knob turned fails for too many reasons at once. Each shrinks
 * back to the default (the first alternative of `oneof`, or 0 for `nat`).
 */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 5 }, { arbitrary: arb, weight: 1 });
const rareFlag: fc.Arbitrary<boolean> = fc.nat(5).map((n) => n === 5);

const hostSpec = (roles: readonly Role[]): fc.Arbitrary<HostSpec> =>
  fc.record({
    role: fc.constantFrom(...roles),
    domain: fc.nat(4),
    verify: rarely(fc.constantFrom(...VERIFY)),
    deferOk: rareFlag,
    next: fc.nat(8),
    altPort: rareFlag,
    noSelfCheck: rareFlag,
    list: rareFlag,
    allowFrom: rarely(fc.nat(8)),
    spam: rarely(fc.record({ blocks: fc.nat(8), whitelist: fc.boolean(), quarantine: fc.boolean() })),
    listenAlt: rareFlag,
    software: rarely(fc.constantFrom<Software>('postfix', 'exim')),
    lock550: rareFlag,
  });

interface MxSpec {
  preference: number;
  target: number;
  /** host: a generated host; dangling: no address; null: `0 .`; external: a server outside the model; alias: a CNAME to a host. */
  kind: 'host' | 'dangling' | 'null' | 'external' | 'alias';
}

const mxSpec: fc.Arbitrary<MxSpec> = fc.record({
  preference: fc.constantFrom(10, 20, 30),
  target: fc.nat(8),
  kind: fc.oneof({ arbitrary: fc.constant<MxSpec['kind']>('host'), weight: 12 }, fc.constantFrom<MxSpec['kind']>('dangling', 'null', 'external', 'alias')),
});

interface MessageSpec {
  valid: boolean;
  mailbox: number;
  domain: number;
}

const messageSpec: fc.Arbitrary<MessageSpec> = fc.record({
  valid: rareFlag.map((b) => !b),
  mailbox: fc.nat(8),
  domain: fc.nat(4),
});

interface FaultSpec {
  host: number;
  kind: 'blocked' | Fault;
}

/** A path property before its host and domain indices are resolved. */
interface PathSpec {
  kind: 'waypoint' | 'avoid';
  hosts: number[];
  domain: number | null;
}

const pathSpec: fc.Arbitrary<PathSpec> = fc.record({
  kind: fc.constantFrom<PathSpec['kind']>('waypoint', 'avoid'),
  hosts: fc.array(fc.nat(8), { minLength: 1, maxLength: 2 }),
  domain: rarely(fc.nat(3)),
});

const faultSpec: fc.Arbitrary<FaultSpec> = fc.record({
  host: fc.nat(8),
  kind: fc.constantFrom<FaultSpec['kind']>('blocked', 'transient', 'down'),
});

/**
 * Resolves a drawn index; past the end it means the last item. Clamping rather than wrapping keeps
 * a reference stable when the shrinker removes a host after the one it names, so shrinking can
 * drop hosts one at a time without re-pointing every other reference.
 */
const pick = <T>(items: readonly T[], index: number): T => items[Math.min(index, items.length - 1)]!;

export function topologyArbitrary(constraints: TopologyConstraints = {}): fc.Arbitrary<Topology> {
  const fixedHosts = constraints.fixedHosts ?? [];
  const fixedDns = constraints.fixedDns ?? {};
  const faults = constraints.faults ?? true;
  return fc
    .record({
      extra: fc.array(hostSpec(constraints.roles ?? ROLES), {
        minLength: constraints.minExtraHosts ?? 0,
        maxLength: Math.max(constraints.maxExtraHosts ?? 3, constraints.minExtraHosts ?? 0),
      }),
      extraDomains: fc.nat(constraints.maxExtraDomains ?? 1),
      mx: fc.array(fc.array(mxSpec, { minLength: 1, maxLength: constraints.maxMx ?? 3 }), { minLength: 1, maxLength: 4 }),
      messages: fc.array(messageSpec, { minLength: 1, maxLength: constraints.maxMessages ?? 2 }),
      software: rarely(fc.constantFrom<Software>('postfix', 'exim')),
      faults: faults ? rarely(fc.array(faultSpec, { minLength: 1, maxLength: 2 })).map((f) => f ?? []) : fc.constant<FaultSpec[]>([]),
      // Drawn last, and only when asked, so the topologies every other suite sees stay the same.
      ...(constraints.pathProperties === true ? { paths: fc.array(pathSpec, { maxLength: 2 }) } : {}),
    })
    .map((spec) => build(spec, fixedHosts, fixedDns))
    .filter((t) => t.hosts.length > 0);
}

function build(
  spec: { extra: HostSpec[]; extraDomains: number; mx: MxSpec[][]; messages: MessageSpec[]; software: Software | null; faults: FaultSpec[]; paths?: PathSpec[] },
  fixedHosts: readonly Host[],
  fixedDns: Readonly<Record<string, DnsEntry>>,
): Topology {
  const fixedDomains = fixedHosts.flatMap((h) => [...h.accepts, ...h.mailboxes.map((m) => m.slice(m.indexOf('@') + 1))]).filter((d) => d !== '*');
  const domains = [...new Set([...fixedDomains, 'example.com'])];
  for (let i = 1; i <= spec.extraDomains; i++) domains.push(`d${i}.test`);
  const names = [...fixedHosts.map((h) => h.name), ...spec.extra.map((s, i) => `${PREFIX[s.role]}${i + 1}.test`)];
  const software = spec.software ?? 'generic';
  const extraHosts = spec.extra.map((s, i) => hostOf(s, names[fixedHosts.length + i]!, names, domains, software));
  const hosts = [...fixedHosts.map((h) => ({ ...h })), ...extraHosts];

  const dns: Record<string, DnsEntry> = { ...fixedDns };
  domains.forEach((domain, i) => {
    if (dns[domain] !== undefined) return;
    const records = pick(spec.mx, i);
    dns[domain] = { mx: mxRecords(records, names, domain, dns) };
  });

  const mailboxes = hosts.flatMap((h) => h.mailboxes);
  const messages = spec.messages.map((m) => {
    const to = m.valid && mailboxes.length > 0 ? pick(mailboxes, m.mailbox) : `nobody@${pick(domains, m.domain)}`;
    return { from: 'bob@sender.test', to, via: null };
  });

  const blocked: { host: string; port: number }[] = [];
  const faultMap: Record<string, Fault> = {};
  for (const f of spec.faults) {
    const host = pick(names, f.host);
    if (f.kind === 'blocked') {
      if (!blocked.some((b) => b.host === host)) blocked.push({ host, port: 25 });
    } else if (faultMap[host] === undefined) faultMap[host] = f.kind;
  }
  return {
    version: 1,
    file: '(generated)',
    dns,
    hosts,
    network: { blocked, faults: faultMap },
    messages,
    defaults: { software },
    limits: { callAheadDepth: hosts.length + 1 },
    properties: (spec.paths ?? []).map((p, i) => ({
      id: `${p.kind}-${i + 1}`,
      kind: p.kind,
      hosts: [...new Set(p.hosts.map((h) => pick(names, h)))],
      for: p.domain === null ? [] : [pick(domains, p.domain)],
    })),
    expect: {},
    positions: {},
  };
}

/** The MX records of `domain`; the names an external or alias record needs go into `dns`. */
function mxRecords(specs: MxSpec[], names: readonly string[], domain: string, dns: Record<string, DnsEntry>): MxRecord[] {
  if (specs[0]!.kind === 'null') return [{ preference: 0, host: '.' }];
  const out: MxRecord[] = [];
  for (const s of specs) {
    if (s.kind === 'null') {
      // A null MX beside real records: a DNS error the software decides about (FORMAT.md 1.1).
      if (!out.some((r) => r.host === '.')) out.push({ preference: 0, host: '.' });
      continue;
    }
    let host = pick(names, s.target);
    if (s.kind === 'dangling') host = `gone.${domain}`;
    if (s.kind === 'external') {
      // A server outside the model: mail for the domain may leave it (an external recipient).
      host = `mx.ext.${domain}`;
      dns[host] ??= { a: ['192.0.2.25'] };
    }
    if (s.kind === 'alias') {
      // An MX to a CNAME (bad DNS that resolves): the host must still recognise itself behind it.
      const target = host;
      host = `alias.${domain}`;
      dns[host] ??= { cname: target };
    }
    if (!out.some((r) => r.host === host)) out.push({ preference: s.preference, host });
  }
  return out.sort((a, b) => a.preference - b.preference);
}

/**
 * A drawn host's accepts, verify and route: what its role requires is given (its domain, a route of
 * the required form to the drawn next host), the rest is the role's preset — read from the role
 * registry through the loader's own applyPreset, so a drawn host is configured as a file that names
 * only its role and what the role requires would be.
 */
function presetOf(s: HostSpec, domain: string, next: HostPort, mailboxes: string[], recipients: string[]): Preset {
  const role = roleOf({}, s.role);
  const required = 'required' in role.preset.route ? role.preset.route.required : null;
  const route: Route | undefined = required === 'bestMxElse' ? { kind: 'bestMxElse', dest: next } : required === 'to' ? { kind: 'to', to: [next] } : undefined;
  const given: Given = {
    role: s.role,
    accepts: role.preset.accepts === 'required' ? [domain] : undefined,
    verify: s.verify ?? undefined,
    rawRoute: route === undefined ? undefined : route.kind === 'to' ? { to: [`${next.host}:${next.port}`] } : { bestMxElse: `${next.host}:${next.port}` },
    route,
    recipientsGiven: recipients.length > 0,
    mailboxes,
  };
  return applyPreset(given, (path, message) => {
    throw new Error(`a drawn ${s.role} lacks what its role requires (${path.join('.')}): ${message}`);
  }, role);
}

function hostOf(s: HostSpec, name: string, names: readonly string[], domains: readonly string[], defaultSoftware: Software): Host {
  const domain = pick(domains, s.domain);
  const others = names.filter((n) => n !== name);
  // A host routing to itself is a misconfiguration found on its own; it would drown the findings.
  const next = { host: others.length > 0 ? pick(others, s.next) : name, port: s.altPort ? 2525 : 25 };
  const mailboxes = s.role === 'mailbox' ? [`alice@${domain}`] : [];
  const recipients = s.list ? [`alice@${domain}`] : [];
  // What the file would leave out, the role's preset fills in (models/roles), as the loader does.
  const { accepts, verify, route } = presetOf(s, domain, next, mailboxes, recipients);
  return {
    name,
    role: s.role,
    accepts,
    mailboxes,
    recipients,
    verify,
    deferOk: s.deferOk,
    route,
    routes: {},
    selfCheck: !s.noSelfCheck,
    listen: s.listenAlt ? [25, 2525] : [25],
    allowFrom: s.allowFrom === null || others.length === 0 ? null : [pick(others, s.allowFrom)],
    spam:
      s.spam === null || others.length === 0
        ? null
        : {
            blocks: [pick(others, s.spam.blocks)],
            whitelist: s.spam.whitelist ? [pick(others, s.spam.blocks)] : [],
            action: s.spam.quarantine ? 'quarantine' : 'reject',
          },
    hopLimit: SOFTWARE[s.software ?? defaultSoftware].hopLimit,
    software: s.software ?? defaultSoftware,
    allowFromReply: s.lock550 ? 550 : 421,
    tags: [],
  };
}
