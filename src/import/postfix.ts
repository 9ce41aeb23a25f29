/**
 * A Postfix configuration as one host of a topology (FORMAT.md): mydestination and
 * virtual_mailbox_domains (local delivery), relay_domains (accepts), transport_maps, relay_transport,
 * default_transport and relayhost (route and per-domain routes), relay_recipient_maps,
 * reject_unverified_recipient and smtpd_reject_unlisted_recipient (verify), a client lock to
 * mynetworks (allowFrom), the smtpd listeners of master.cf (listen), hopcount_limit (hopLimit), and
 * `software: postfix`. Every setting it cannot express is returned as a warning, and written into
 * the host's comment. With `into`, the host replaces (or joins) the hosts of an existing topology
 * file, whose DNS names the addresses of mynetworks; alone, the file gets stand-ins for the next
 * hops its routes name and an MX for each domain it accepts, so that `check` can load it.
 */
import { parseName } from '../../models/topology/parse.js';
import type { ImportResult } from './index.js';
import type { ImportedHost } from './infer.js';
import { IMPORT_SENDER } from './infer.js';
import { listeners, PostfixImportError, readConfig, readTable, type PostfixConfig } from './postfixConfig.js';
import { finishComment, mergeInto, type Mapped } from './postfixMerge.js';
import { assertLoads, importedToYaml } from './yaml.js';

export { PostfixImportError } from './postfixConfig.js';

type RouteValue = 'local' | 'mx' | { to: string[] };

/** Parameters read into the host; the rest are warned about unless they cannot change routing. */
const MAPPED = new Set([
  'myhostname', 'mydomain', 'mydestination', 'relay_domains', 'transport_maps', 'relayhost', 'relay_transport',
  'default_transport', 'relay_recipient_maps', 'smtpd_recipient_restrictions', 'smtpd_relay_restrictions',
  'smtpd_client_restrictions', 'smtpd_reject_unlisted_recipient', 'mynetworks', 'hopcount_limit',
  'virtual_mailbox_domains', 'virtual_mailbox_maps', 'local_recipient_maps', 'config_directory', 'smtpd_delay_reject',
]);
const IGNORED = [
  /_directory$/, /^smtpd?_tls_/, /^tls_/, /^smtpd_sasl_/, /^(compatibility_level|smtpd_banner|biff|append_dot_mydomain|inet_protocols|inet_interfaces|myorigin)$/,
  /^(alias_maps|alias_database|smtputf8_enable|mailbox_size_limit|message_size_limit|recipient_delimiter|home_mailbox|mailbox_command)$/,
  /^(maillog_file|maillog_file_prefixes|delay_warning_time|setgid_group|mail_owner|sendmail_path|newaliases_path|mailq_path|import_environment)$/,
  /^(smtpd_peername_lookup|readme_directory|html_directory|manpage_directory|sample_directory|smtp_bind_address|virtual_uid_maps|virtual_gid_maps|virtual_mailbox_base)$/,
];
/** Restrictions that routing and verification read, or that change nothing the model decides. */
const KNOWN_RESTRICTIONS = new Set([
  'permit_mynetworks', 'permit_sasl_authenticated', 'reject_unauth_destination', 'defer_unauth_destination',
  'reject_unverified_recipient', 'reject_unlisted_recipient', 'permit', 'reject_unknown_recipient_domain',
]);

class Mapper {
  readonly warnings: string[] = [];
  readonly nextHops: Mapped['nextHops'] = new Map();

  constructor(readonly config: PostfixConfig) {}

  warn(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  /** Domains a list parameter names, reading its lookup tables' keys. */
  domains(param: string): string[] {
    const out: string[] = [];
    for (const word of this.config.list(param)) {
      if (word.includes(':')) {
        const table = readTable(this.config, word);
        if (!table.ok) this.warn(`${param}: ${table.why}`);
        else out.push(...table.entries.map(([k]) => k));
      } else out.push(word.toLowerCase());
    }
    return out.filter((d) => parseName(d, 'domain').ok);
  }

  /** The first answer of the tables of `param` for `key`. */
  lookup(param: string, key: string): string | null {
    for (const spec of this.config.list(param)) {
      const table = readTable(this.config, spec);
      if (!table.ok) {
        this.warn(`${param}: ${table.why}`);
        continue;
      }
      const hit = table.entries.find(([k]) => k === key);
      if (hit !== undefined) return hit[1];
    }
    return null;
  }

  /** A transport(5) answer (`smtp:[host]:port`, `local:`, `error:...`) as a route, or null with a warning. */
  transport(value: string, where: string, domain: string): RouteValue | null {
    const colon = value.indexOf(':');
    const transport = colon < 0 ? value : value.slice(0, colon);
    const nexthop = colon < 0 ? '' : value.slice(colon + 1);
    if (transport === 'local' || transport === 'virtual' || transport === 'lmtp') {
      if (transport === 'lmtp') this.warn(`${where}: ${value} delivers to a mailbox store over LMTP, modelled as local delivery`);
      return 'local';
    }
    if (transport === 'error' || transport === 'discard' || transport === 'retry') {
      this.warn(`${where}: ${value} rejects or discards the mail; mxproof cannot express it as a route`);
      return null;
    }
    if (transport !== 'smtp' && transport !== 'relay' && transport !== '') {
      this.warn(`${where}: transport ${transport} is taken to be an SMTP client like smtp`);
    }
    if (nexthop === '') return 'mx';
    return { to: nexthop.split(',').map((h) => this.nexthop(h.trim(), where, domain)) };
  }

  /** `[host]:port` → host:port; an unbracketed host is looked up by MX in Postfix, which a route cannot say. */
  nexthop(spec: string, where: string, domain: string): string {
    const m = /^(\[?)([^\]:]+)\]?(?::(\d+))?$/.exec(spec);
    if (m === null) {
      this.warn(`${where}: next hop ${spec} is not [host]:port`);
      return spec;
    }
    const [, bracket, host = '', port] = m;
    if (bracket === '') this.warn(`${where}: ${spec} without brackets makes Postfix look up the MX of ${host}; modelled as a connection to ${host} itself`);
    const name = host.toLowerCase().replace(/\.$/, '');
    const p = port === undefined ? 25 : Number(port);
    const hop = this.nextHops.get(name) ?? this.nextHops.set(name, { domains: new Set(), ports: new Set() }).get(name)!;
    hop.domains.add(domain);
    hop.ports.add(p);
    return p === 25 ? name : `${name}:${p}`;
  }

  /** The route of a relay domain, in Postfix's order: transport_maps, relay_transport, relayhost, MX. */
  relayRoute(domain: string): RouteValue | null {
    const entry = this.lookup('transport_maps', domain) ?? this.lookup('transport_maps', '*');
    if (entry !== null) return this.transport(entry, `transport_maps ${domain}`, domain);
    const relay = this.config.get('relay_transport');
    if (relay.includes(':') && !relay.endsWith(':')) return this.transport(relay, 'relay_transport', domain);
    const relayhost = this.config.get('relayhost');
    if (relayhost !== '') return { to: [this.nexthop(relayhost, 'relayhost', domain)] };
    return 'mx';
  }

  /** Where mail for any other domain goes: transport_maps `*`, default_transport, relayhost, MX. */
  outboundRoute(): RouteValue | null {
    const entry = this.lookup('transport_maps', '*');
    if (entry !== null) return this.transport(entry, 'transport_maps *', '*');
    const fallback = this.config.get('default_transport');
    if (fallback.includes(':') && !fallback.endsWith(':')) return this.transport(fallback, 'default_transport', '*');
    const relayhost = this.config.get('relayhost');
    if (relayhost !== '') return { to: [this.nexthop(relayhost, 'relayhost', '*')] };
    return 'mx';
  }

  restrictions(): string[] {
    const items = [...this.config.list('smtpd_recipient_restrictions'), ...this.config.list('smtpd_relay_restrictions')];
    const names = items.filter((i) => !i.includes(':') && !i.includes('{') && !i.includes('}'));
    for (const item of items) {
      if (item.includes(':')) this.warn(`a restriction reads the lookup table ${item}: its answers are not modelled`);
      else if (!KNOWN_RESTRICTIONS.has(item) && !/^(check_|reject$|defer$)/.test(item) && !item.includes('{') && !item.includes('}')) {
        this.warn(`restriction ${item} is not modelled`);
      }
    }
    return names;
  }
}

function mapConfig(config: PostfixConfig, nameOption: string | undefined): Mapped {
  const m = new Mapper(config);
  const name = (nameOption ?? config.get('myhostname')).toLowerCase().replace(/\.$/, '');
  if (name === '') throw new PostfixImportError('it sets no myhostname: give the host name with --name');
  if (!parseName(name, 'host name').ok) throw new PostfixImportError(`${name} is not a host name mxproof can take: give one with --name`);
  const comment: string[] = [`${name}: imported from the Postfix configuration (software: postfix).`];

  const local = [...m.domains('mydestination'), ...m.domains('virtual_mailbox_domains')].filter((d) => d !== name && d !== 'localhost' && !d.startsWith('localhost.'));
  const relay = m.domains('relay_domains').filter((d) => !local.includes(d));
  if (local.length + relay.length === 0) m.warn('it accepts mail for no domain (mydestination and relay_domains name none but itself and localhost)');

  // verify: what answers RCPT for an address it does not know.
  const restrictions = m.restrictions();
  const verifies = restrictions.includes('reject_unverified_recipient');
  const recipients: string[] = [];
  const catchAll: string[] = [];
  for (const spec of config.list('relay_recipient_maps')) {
    const table = readTable(config, spec);
    if (!table.ok) {
      m.warn(`relay_recipient_maps: ${table.why}`);
      continue;
    }
    for (const [key] of table.entries) {
      if (key.startsWith('@')) catchAll.push(key.slice(1));
      else if (key.includes('@')) recipients.push(key);
    }
  }
  if (catchAll.length > 0) m.warn(`relay_recipient_maps accepts every address of ${catchAll.join(', ')} (an @domain entry); modelled as its listed addresses only`);
  const unlisted = config.get('smtpd_reject_unlisted_recipient') !== 'no';
  let verify: string;
  if (relay.length === 0) verify = unlisted ? 'local' : 'none';
  else if (recipients.length > 0) verify = 'list';
  else if (verifies) verify = 'call-ahead';
  else verify = 'none';
  if (recipients.length > 0 && verifies) m.warn('reject_unverified_recipient also verifies the listed recipients with their next hop; modelled by the recipient list alone');
  if (relay.length > 0 && local.length > 0 && verify !== 'local') m.warn(`local domains (${local.join(', ')}) are verified like the relay domains (${verify}); Postfix checks them against local_recipient_maps`);

  // route: where mail for each domain goes.
  const outbound = m.outboundRoute() ?? 'mx';
  const routes: Record<string, RouteValue> = {};
  for (const d of relay) routes[d] = m.relayRoute(d) ?? outbound;
  for (const d of local) {
    const entry = m.lookup('transport_maps', d);
    routes[d] = entry === null ? 'local' : (m.transport(entry, `transport_maps ${d}`, d) ?? 'local');
  }
  const same = (a: RouteValue, b: RouteValue) => JSON.stringify(a) === JSON.stringify(b);
  const byMx = relay.filter((d) => routes[d] === 'mx');

  const fields: Record<string, unknown> = {};
  if (relay.length === 0 && local.length > 0) {
    fields.role = 'mailbox';
    fields.mailboxes = local.map((d) => `postmaster@${d}`);
    comment.push(`Assumed: holds the mailboxes of ${local.join(', ')}; postmaster@ stands for them (local_recipient_maps is not read): list the real ones.`);
  } else {
    fields.role = relay.every((d) => routes[d] === 'mx') && outbound === 'mx' ? 'backup-mx' : 'mta';
    fields.accepts = [...local, ...relay];
    if (local.length > 0) fields.mailboxes = local.map((d) => `postmaster@${d}`);
  }
  if (recipients.length > 0) fields.recipients = recipients;
  if (fields.role !== 'mailbox' || verify !== 'local') fields.verify = verify;
  if (fields.role !== 'mailbox') {
    if (outbound !== 'mx') fields.route = outbound;
    const overrides = Object.entries(routes).filter(([, r]) => !same(r, outbound));
    if (overrides.length > 0) fields.routes = Object.fromEntries(overrides);
  }

  // listen: the smtpd services of master.cf.
  if (config.masterCf === null) {
    comment.push('No master.cf was read: assumed to listen on port 25 only.');
  } else {
    const smtpd = listeners(config.masterCf).filter((l) => l.command === 'smtpd');
    const ports = [...new Set(smtpd.map((l) => l.port).filter((p): p is number => p !== null))];
    for (const l of smtpd) {
      if (l.port === null) m.warn(`master.cf service ${l.service}: its port is not known to the import`);
      for (const o of l.overrides) if (!/^(syslog_name|smtpd_tls_|smtpd_sasl_)/.test(o)) m.warn(`master.cf service ${l.service}: -o ${o} is not modelled`);
    }
    if (ports.length === 0) m.warn('master.cf runs no smtpd inet service: it accepts no SMTP connection; kept at port 25');
    else if (!(ports.length === 1 && ports[0] === 25)) fields.listen = ports;
  }

  // allowFrom: a client lock to mynetworks (resolved to hosts by `into`).
  const client = config.list('smtpd_client_restrictions');
  if (client.length > 0 && client.at(-1) === 'reject' && client.slice(0, -1).every((i) => i === 'permit_mynetworks')) {
    fields.allowFrom = { mynetworks: config.list('mynetworks') };
  } else if (client.length > 0) m.warn(`smtpd_client_restrictions (${client.join(', ')}) is not modelled`);

  const hops = Number(config.get('hopcount_limit'));
  if (Number.isInteger(hops) && hops > 0 && hops !== 50) fields.hopLimit = Math.min(hops, 1000);
  fields.software = 'postfix';

  for (const [param] of config.params) {
    if (!MAPPED.has(param) && !IGNORED.some((re) => re.test(param))) m.warn(`${param} = ${config.raw(param)} is not modelled`);
  }
  const messageTo = (d: string) => recipients.find((r) => r.endsWith(`@${d}`)) ?? `postmaster@${d}`;
  return {
    host: { name, fields, comment },
    nextHops: m.nextHops,
    domains: [...local, ...relay].map((d) => ({ domain: d, to: messageTo(d), byMx: byMx.includes(d) })),
    warnings: m.warnings,
  };
}

export function importPostfix(path: string, options: { name?: string; into?: string } = {}): ImportResult {
  const mapped = mapConfig(readConfig(path), options.name);
  const { host } = mapped;
  const networks = (host.fields.allowFrom as { mynetworks: string[] } | undefined)?.mynetworks;
  const command = `mxproof import postfix ${path}`;
  if (options.into !== undefined) return mergeInto(options.into, mapped, networks, command);

  delete host.fields.allowFrom;
  if (networks !== undefined) mapped.warnings.push(`smtpd_client_restrictions lets only mynetworks (${networks.join(' ')}) connect: name those hosts in allowFrom, or import with --into a topology whose DNS gives their addresses`);
  finishComment(host, mapped.warnings);
  const stubs: ImportedHost[] = [...mapped.nextHops].filter(([n]) => n !== host.name).map(([n, hop]) => {
    const domains = [...hop.domains].filter((d) => d !== '*');
    const mailboxes = mapped.domains.filter((d) => domains.includes(d.domain)).map((d) => d.to);
    const ports = [...hop.ports].sort((a, b) => a - b);
    return {
      name: n,
      fields: { role: 'mailbox', mailboxes: mailboxes.length > 0 ? mailboxes : [`postmaster@${n}`], ...(ports.length === 1 && ports[0] === 25 ? {} : { listen: ports }) },
      comment: [`${n}: a stand-in for the next hop the configuration routes to; describe the real server here (or import with --into).`],
    };
  });
  const reached = mapped.domains.filter((d) => !d.byMx);
  for (const d of mapped.domains.filter((x) => x.byMx)) mapped.warnings.push(`${d.domain} is relayed by MX: its MX records belong to the rest of the topology (import with --into)`);
  const dns = Object.fromEntries(reached.map((d) => [d.domain, { mx: [{ preference: 10, host: host.name }] }]));
  const text = importedToYaml(
    { dns, hosts: [host, ...stubs], messages: reached.map((d) => ({ from: IMPORT_SENDER, to: d.to })), notes: [] },
    [
      `Imported by \`${command}\`: the Postfix configuration is the first host; its comment lists what could not be modelled. Assumed, to make a topology of one host: each domain it accepts has it as its only MX, and the next hops it routes to are stand-ins holding the recipients. Import with --into FILE to merge it into a topology instead.`,
    ],
  );
  assertLoads(text, 'imported.yaml');
  return { text, notes: mapped.warnings };
}
