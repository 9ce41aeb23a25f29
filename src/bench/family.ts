/**
 * The benchmark family: topologies generated from four numbers — hosts, domains, messages and
 * transient faults — whose state spaces run from a thousand states to past ten million. Every
 * domain has its own mailbox server; further hosts join the domains in turn as a call-ahead
 * filter (the best MX), then backup MX hosts of equal preference (so a sender may try them in
 * either order). Transient faults go to the mailbox servers first, then the filters, then the
 * backups. Messages go to the domains in turn.
 *
 * Nothing here loops and nothing is lost, so `call-ahead-bounded` and `no-forwarding-loop` hold
 * and every tool must explore the whole space to say so: the figures measure exploration, not luck
 * in finding an early counterexample. Cost is driven by messages (the product of each message's
 * journey) and transient faults (a factor of two each, and longer journeys); hosts and domains
 * lengthen each message's journey.
 */
import { plainHost } from '../../models/topology/plainHost.js';
import { loadTopology } from '../../models/topology/load.js';
import type { DnsEntry, Host, Topology } from '../../models/topology/types.js';

export interface FamilySize {
  hosts: number;
  domains: number;
  messages: number;
  transient: number;
}

/** A backup MX for `domain`: accepts it, verifies nothing, forwards by MX. */
const base = (name: string, domain: string): Host => plainHost(name, { role: 'backup-mx', accepts: [domain] });

export function familyTopology(size: FamilySize): Topology {
  const { hosts: hostCount, domains: domainCount, messages: messageCount, transient } = size;
  if (domainCount < 1 || hostCount < domainCount) throw new Error('a family topology needs a mailbox host for each domain');
  const domains = Array.from({ length: domainCount }, (_, k) => `d${k + 1}.test`);
  const byDomain: Host[][] = domains.map((d) => [
    { ...base(`mail.${d}`, d), role: 'mailbox', mailboxes: [`alice@${d}`], verify: 'local', route: { kind: 'local' } },
  ]);
  for (let i = domainCount; i < hostCount; i++) {
    const k = i % domainCount;
    const d = domains[k]!;
    const group = byDomain[k]!;
    if (group.length === 1) {
      group.push({ ...base(`filter.${d}`, d), role: 'filter', verify: 'call-ahead', route: { kind: 'to', to: [{ host: `mail.${d}`, port: 25 }] } });
    } else {
      group.push(base(`backup${group.length - 1}.${d}`, d));
    }
  }
  const dns: Record<string, DnsEntry> = {};
  domains.forEach((d, k) => {
    const group = byDomain[k]!;
    const mx = group.map((h) => ({ preference: h.role === 'filter' ? 10 : h.role === 'mailbox' ? 20 : 30, host: h.name }));
    dns[d] = { mx: mx.sort((a, b) => a.preference - b.preference) };
  });
  // Interleaved so that transient faults spread over the domains: mailboxes, then filters, then backups.
  const order: Host[] = [];
  for (let rank = 0; byDomain.some((g) => g.length > rank); rank++) for (const g of byDomain) if (g[rank] !== undefined) order.push(g[rank]!);
  const faults: Record<string, 'transient'> = {};
  for (const h of order.slice(0, transient)) faults[h.name] = 'transient';
  return {
    version: 1,
    file: `(family h${hostCount} d${domainCount} m${messageCount} t${transient})`,
    dns,
    hosts: byDomain.flat(),
    network: { blocked: [], faults },
    messages: Array.from({ length: messageCount }, (_, i) => ({ from: 'bob@sender.test', to: `alice@${domains[i % domainCount]}`, via: null })),
    // Chains here are one call-ahead deep (a filter asks its mailbox server); a shallow limit keeps
    // SPIN's state vector (one frame per level) as small as the model allows.
    defaults: { software: 'generic' },
    limits: { callAheadDepth: 2 },
    properties: [],
    expect: {},
    positions: {},
  };
}

export function sizeLabel(size: FamilySize): string {
  return `h${size.hosts} d${size.domains} m${size.messages} t${size.transient}`;
}

/** Loads a topology written as YAML here, where a file reads more plainly than objects. */
function fromYaml(text: string, file: string): Topology {
  const loaded = loadTopology(text, file);
  if (!loaded.ok) throw new Error(`${file}: ${loaded.errors.map((e) => e.message).join('; ')}`);
  return loaded.topology;
}

/**
 * Messages that share transient faults (issue 13): one domain whose mailbox server and backup MX
 * may both go down at any moment, and `messages` messages to it. Every message connects to both
 * hosts, so none is independent of another: as one product the space is 4 × 26^M states.
 */
export function sharedFaultsTopology(messages: number): Topology {
  return fromYaml(
    [
      'version: 1',
      'dns:',
      '  example.com: { mx: ["10 mail.example.com", "20 backup.example.com"] }',
      'hosts:',
      '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }',
      '  backup.example.com: { role: backup-mx, accepts: [example.com] }',
      'network:',
      '  faults: { mail.example.com: transient, backup.example.com: transient }',
      'messages:',
      ...Array.from({ length: messages }, () => '  - { from: bob@sender.test, to: alice@example.com }'),
    ].join('\n'),
    `(one domain, two transient hosts, ${messages} messages)`,
  );
}

/**
 * A migration as a new user writes one (issue 13): alice has moved to the new server; each server
 * passes on addresses it does not hold to the other, so mail for carol and dave, on neither yet,
 * goes back and forth until the hop limit (the default, 50). Three hosts — the new and old servers
 * and the sender's relay — three messages, and the new server may go down at any moment.
 */
export function migrationTopology(): Topology {
  return fromYaml(
    [
      'version: 1',
      'dns:',
      '  example.com: { mx: ["10 new.example.com", "20 old.example.com"] }',
      'hosts:',
      '  new.example.com: { role: mailbox, mailboxes: [alice@example.com], verify: none, route: { to: [old.example.com] } }',
      '  old.example.com: { role: mailbox, mailboxes: [bob@example.com], verify: none, route: { to: [new.example.com] } }',
      '  smtp.sender.test: { role: mta }',
      'network:',
      '  faults: { new.example.com: transient }',
      'messages:',
      ...['alice', 'carol', 'dave'].map((user) => `  - { from: x@sender.test, to: ${user}@example.com, via: smtp.sender.test }`),
    ].join('\n'),
    '(migration: 3 hosts, 3 messages, one transient host)',
  );
}

/**
 * A provider-sized file (issue 13): `domains` customer domains, each with its own mailbox server,
 * a call-ahead filter as best MX and a backup MX (its own MX set), the mailbox server transient,
 * and one message to each. No message reaches another domain's hosts, so the cost of a check
 * should grow with the number of domains, not faster.
 */
export function providerTopology(domains: number): Topology {
  return { ...familyTopology({ hosts: 3 * domains, domains, messages: domains, transient: domains }), file: `(provider: ${domains} domains)` };
}

/**
 * A chain of `hosts` hosts (issue 13, the file it measured): the message enters at h0, each host
 * passes it to the next by its route, and the last holds the mailbox; beside the chain, `spares`
 * relays configured alike that no message reaches. Symmetry detection has four alike hosts to
 * consider and nothing to fold; the chain itself grows each message's journey linearly.
 */
export function chainTopology(hosts: number, spares = 4): Topology {
  const last = hosts - 1;
  return fromYaml(
    [
      'version: 1',
      'hosts:',
      ...Array.from({ length: last }, (_, i) => `  h${i}.test: { accepts: [example.com], route: { to: [h${i + 1}.test] } }`),
      `  h${last}.test: { role: mailbox, mailboxes: [alice@example.com] }`,
      ...Array.from({ length: spares }, (_, i) => `  spare${i}.test: { role: relay, accepts: [example.com], route: { bestMxElse: h${last}.test } }`),
      'messages:',
      '  - { from: bob@sender.test, to: alice@example.com, via: h0.test }',
    ].join('\n'),
    `(chain of ${hosts} hosts)`,
  );
}
