/**
 * `import 'mxproof/vitest'` in a test file (or in Vitest's `setupFiles`) registers matchers over
 * what `check` returns, and exports the topology arbitraries for property tests with
 * `@fast-check/vitest`:
 *
 *   import { test } from '@fast-check/vitest';
 *   import { check } from 'mxproof';
 *   import { topologiesAround } from 'mxproof/vitest';
 *
 *   expect(check(text)).toHold('eventual-delivery');   // fails with the counterexample's steps
 *   test.prop([topologiesAround(rules)], { seed: 42 })('our rules never loop', (t) => {
 *     expect(check(t)).toHold('no-forwarding-loop');
 *   });
 */
import type { Arbitrary } from 'fast-check';
import { expect } from 'vitest';
import { topologyArbitrary, type TopologyConstraints } from '../../models/arbitraries/topology.js';
import { formatLoadError } from '../../models/topology/errors.js';
import type { AnyPropertyId, Topology, Verdict } from '../../models/topology/types.js';
import { loadTopology } from '../api/load.js';
import { toBeViolated, toHaveVerdict, toHold, toLoad, toPass } from './matchers.js';

export interface MxproofMatchers<R = unknown> {
  /** The property holds: the whole state space was explored and no run breaks it. */
  toHold(property: AnyPropertyId): R;
  /** The property is violated (without an id: some property is). */
  toBeViolated(property?: AnyPropertyId): R;
  toHaveVerdict(property: AnyPropertyId, verdict: Verdict): R;
  /** What `mxproof check` exits 0 for: no unexpected violation, every `expect` met, nothing inconclusive. */
  toPass(): R;
  /** For `loadTopology` results: the file loads (else the message lists its errors with lines). */
  toLoad(): R;
}

declare module 'vitest' {
  // Declared exactly as Vitest declares it (`T = any`), or the interfaces do not merge.
  interface Matchers<T = any> extends MxproofMatchers<T> {}
}

expect.extend({
  toHold: (received: unknown, property: AnyPropertyId) => toHold(received, property),
  toBeViolated: (received: unknown, property?: AnyPropertyId) => toBeViolated(received, property),
  toHaveVerdict: (received: unknown, property: AnyPropertyId, verdict: Verdict) => toHaveVerdict(received, property, verdict),
  toPass: (received: unknown) => toPass(received),
  toLoad: (received: unknown) => toLoad(received),
});

export { topologyArbitrary, type TopologyConstraints };

/**
 * Random topologies around a rules file's hosts (and its DNS, if it has some): the rules' hosts
 * unchanged, third-party hosts, domains, MX records and messages drawn around them. Throws when the
 * rules do not load: a test's set-up, not a verdict.
 */
export function topologiesAround(rules: string | Topology, constraints: Omit<TopologyConstraints, 'fixedHosts' | 'fixedDns'> = {}): Arbitrary<Topology> {
  let topology: Topology;
  if (typeof rules === 'string') {
    const loaded = loadTopology(rules, '(rules)');
    if (!loaded.ok) throw new Error(`the rules do not load:\n${loaded.errors.map(formatLoadError).join('\n')}`);
    topology = loaded.topology;
  } else {
    topology = rules;
  }
  return topologyArbitrary({ ...constraints, fixedHosts: topology.hosts, fixedDns: topology.dns });
}
