/**
 * Random topologies for the performance suites, drawn with fixed seeds from the explore
 * arbitraries: plain ones; ones rich in call-ahead and forwarding loops; ones with more messages
 * among call-ahead verifiers with a shallow call-ahead limit, so chains get cut (a halted run)
 * and messages share faults.
 */
import fc from 'fast-check';
import { topologyArbitrary } from '../../models/arbitraries/topology.js';
import type { Topology } from '../../models/topology/types.js';

export function plain(count: number, seed: number): Topology[] {
  return fc.sample(topologyArbitrary(), { seed, numRuns: count });
}

export function loopy(count: number, seed: number): Topology[] {
  return fc.sample(topologyArbitrary({ roles: ['filter', 'relay', 'backup-mx', 'mailbox'], maxExtraHosts: 4, maxMessages: 2 }), { seed, numRuns: count });
}

export function crowded(count: number, seed: number, maxMessages = 3): Topology[] {
  const arb = fc
    .tuple(topologyArbitrary({ roles: ['filter', 'relay', 'mailbox'], minExtraHosts: 2, maxExtraHosts: 4, maxMessages }), fc.integer({ min: 1, max: 2 }))
    .map(([t, depth]) => ({ ...t, limits: { callAheadDepth: depth } }));
  return fc.sample(arb, { seed, numRuns: count });
}

/**
 * Topologies with a twin: a host that is some domain's MX, copied under another name with the
 * same configuration, the same MX preference wherever the original is listed, the same fault,
 * blocked ports and allowFrom entries, listed before or after it. Routes naming the original are
 * left alone, so some twins are interchangeable with their original and some are not (symmetry.ts
 * must tell which).
 */
export function twinned(count: number, seed: number): Topology[] {
  const arb = fc
    .tuple(
      topologyArbitrary({ roles: ['filter', 'relay', 'backup-mx', 'mailbox'], minExtraHosts: 2, maxExtraHosts: 4, maxMessages: 3 }),
      fc.nat(),
      fc.boolean(),
    )
    .map(([t, pick, triplet]) => {
      const twice = twin(t, pick, 'twin');
      return triplet && twice !== null ? (twin(twice, pick, 'third') ?? twice) : twice;
    })
    .filter((t): t is Topology => t !== null);
  return fc.sample(arb, { seed, numRuns: count });
}

export function twin(t: Topology, pick: number, prefix: string): Topology | null {
  const names = new Set(t.hosts.map((h) => h.name));
  const listed = [...new Set(Object.values(t.dns).flatMap((e) => (e.mx ?? []).map((r) => r.host)))].filter((n) => names.has(n));
  if (listed.length === 0) return null;
  const original = listed[pick % listed.length]!;
  const name = `${prefix}.${original}`;
  const host = t.hosts.find((h) => h.name === original)!;
  const dns = Object.fromEntries(
    Object.entries(t.dns).map(([domain, e]) => {
      const copies = (e.mx ?? []).filter((r) => r.host === original).map((r) => ({ ...r, host: name }));
      // Listed before or after the original: which of the two a check meets first varies.
      return [domain, copies.length === 0 ? e : { ...e, mx: pick % 2 === 0 ? [...e.mx!, ...copies] : [...copies, ...e.mx!] }];
    }),
  );
  const hosts = t.hosts.map((h) => (h.allowFrom?.includes(original) ? { ...h, allowFrom: [...h.allowFrom, name] } : h));
  const fault = t.network.faults[original];
  return {
    ...t,
    dns,
    hosts: pick % 4 < 2 ? [...hosts, { ...host, name }] : [{ ...host, name }, ...hosts],
    network: {
      blocked: [...t.network.blocked, ...t.network.blocked.filter((b) => b.host === original).map((b) => ({ ...b, host: name }))],
      faults: fault === undefined ? t.network.faults : { ...t.network.faults, [name]: fault },
    },
  };
}

/**
 * Several messages (two to four) and transient hosts they share: one to three of the hosts some
 * domain lists as MX — the hosts every message to that domain connects to — go transient, beside
 * whatever faults were drawn; some files get a shallow call-ahead limit, so chains get cut.
 */
export function sharingFaults(count: number, seed: number): Topology[] {
  const arb = fc
    .tuple(
      topologyArbitrary({ roles: ['filter', 'relay', 'backup-mx', 'mailbox'], minExtraHosts: 1, maxExtraHosts: 3, maxMessages: 4 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      fc.constantFrom(null, 1, 2),
    )
    .map(([t, picks, depth]) => {
      const names = new Set(t.hosts.map((h) => h.name));
      const listed = [...new Set(Object.values(t.dns).flatMap((e) => (e.mx ?? []).map((r) => r.host)))].filter((n) => names.has(n));
      const faults = { ...t.network.faults };
      for (const pick of picks) if (listed.length > 0) faults[listed[pick % listed.length]!] = 'transient';
      // A second message to the first one's recipient when the draw gave one alone: they share its MX hosts.
      const messages = t.messages.length > 1 ? t.messages : [...t.messages, { ...t.messages[0]!, from: 'carol@sender.test' }];
      return { ...t, messages, network: { ...t.network, faults }, limits: depth === null ? t.limits : { callAheadDepth: depth } };
    });
  return fc.sample(arb, { seed, numRuns: count });
}
