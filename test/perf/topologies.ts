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
