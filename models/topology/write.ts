/**
 * Writes a topology as a FORMAT.md file: what explore hands back as the minimal failing set-up, and
 * what `mxproof check` reads again. Fields a role preset or a default would fill are left out, so
 * the file shows only what makes this topology what it is; loading the text gives the same
 * topology back (a property test holds it to that).
 */
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import { acceptsRequired, applyPreset, routeRequired } from './presets.js';
import { roleOf } from '../roles/registry.js';
import { SOFTWARE } from './software.js';
import type { Host, HostPort, Route, Software, Topology } from './types.js';

const hp = (h: HostPort) => (h.port === 25 ? h.host : `${h.host}:${h.port}`);

function routeValue(route: Route): unknown {
  switch (route.kind) {
    case 'local':
    case 'mx':
      return route.kind;
    case 'to':
      return { to: route.to.map(hp) };
    case 'bestMxElse':
      return { bestMxElse: hp(route.dest) };
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function hostValue(host: Host, defaults: { software: Software }, roles: Topology['roles']): Record<string, unknown> {
  const role = roleOf({ roles }, host.role);
  const preset = applyPreset(
      { role: host.role, accepts: undefined, verify: undefined, rawRoute: undefined, route: undefined, recipientsGiven: host.recipients.length > 0, mailboxes: host.mailboxes },
      () => undefined,
      role,
  );
  const out: Record<string, unknown> = { role: host.role };
  if (acceptsRequired(role) || !same(host.accepts, preset.accepts)) out.accepts = host.accepts;
  if (host.mailboxes.length > 0) out.mailboxes = host.mailboxes;
  if (host.recipients.length > 0) out.recipients = host.recipients;
  if (host.verify !== preset.verify) out.verify = host.verify;
  if (host.deferOk) out.deferOk = true;
  if (routeRequired(role) || !same(host.route, preset.route)) out.route = routeValue(host.route);
  if (Object.keys(host.routes).length > 0) out.routes = Object.fromEntries(Object.entries(host.routes).map(([d, r]) => [d, routeValue(r)]));
  if (!host.selfCheck) out.selfCheck = false;
  if (!same(host.listen, [25])) out.listen = host.listen;
  if (host.allowFrom !== null) out.allowFrom = host.allowFrom;
  if (host.spam !== null) out.spam = host.spam;
  if (host.software !== defaults.software) out.software = host.software;
  if (host.hopLimit !== SOFTWARE[host.software].hopLimit) out.hopLimit = host.hopLimit;
  if (host.allowFromReply !== 421) out.allowFromReply = host.allowFromReply;
  if (host.tags.length > 0) out.tags = host.tags;
  if (host.options !== undefined) out.options = host.options;
  return out;
}

export function topologyToYaml(topology: Topology, header = ''): string {
  const dns: Record<string, unknown> = {};
  for (const [owner, entry] of Object.entries(topology.dns)) {
    const e: Record<string, unknown> = {};
    if (entry.mx !== undefined) e.mx = entry.mx.map((r) => `${r.preference} ${r.host}`);
    if (entry.a !== undefined) e.a = entry.a;
    if (entry.aaaa !== undefined) e.aaaa = entry.aaaa;
    if (entry.cname !== undefined) e.cname = entry.cname;
    dns[owner] = e;
  }
  const doc: Record<string, unknown> = { version: 1 };
  if (topology.defaults.software !== 'generic') doc.defaults = { software: topology.defaults.software };
  if (Object.keys(dns).length > 0) doc.dns = dns;
  doc.hosts = Object.fromEntries(topology.hosts.map((h) => [h.name, hostValue(h, topology.defaults, topology.roles)]));
  const network: Record<string, unknown> = {};
  if (topology.network.blocked.length > 0) network.blocked = topology.network.blocked.map((b) => `${b.host}:${b.port}`);
  if (Object.keys(topology.network.faults).length > 0) network.faults = topology.network.faults;
  if (Object.keys(network).length > 0) doc.network = network;
  doc.messages = topology.messages.map((m) => (m.via === null ? { from: m.from, to: m.to } : { from: m.from, to: m.to, via: m.via }));
  if (topology.limits.callAheadDepth !== topology.hosts.length + 1) doc.limits = { callAheadDepth: topology.limits.callAheadDepth };
  if (topology.properties.length > 0) {
    doc.properties = Object.fromEntries(
      topology.properties.map((p) => [p.id, p.for.length === 0 ? { [p.kind]: p.hosts } : { [p.kind]: p.hosts, for: p.for }]),
    );
  }
  if (Object.keys(topology.expect).length > 0) doc.expect = topology.expect;

  const yaml = formattedDocument(doc);
  const body = yaml.toString({ lineWidth: 0 });
  return (header === '' ? '' : header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n') + '\n') + body;
}

/** `doc` as a YAML document laid out as FORMAT.md writes it: short lists of names, and messages, on one line. */
export function formattedDocument(doc: Record<string, unknown>): Document {
  const yaml = new Document(doc);
  visit(yaml, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  const messages = yaml.get('messages');
  if (isSeq(messages)) for (const m of messages.items) if (isMap(m)) m.flow = true;
  return yaml;
}
