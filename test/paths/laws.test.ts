/**
 * Path properties (`waypoint`, `avoid`) on generated topologies, fixed seeds: they survive being
 * written out and read back, their counterexamples are the shortest runs a plain breadth-first
 * search over the model finds, and the reductions (messages apart, symmetric hosts folded) change
 * none of their verdicts. Each law counts what it decided, so it cannot pass on nothing.
 */
import { test } from '@fast-check/vitest';
import { afterAll, describe, expect } from 'vitest';
import { topologyArbitrary } from '../../models/arbitraries/topology.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import { loadTopology } from '../../models/topology/load.js';
import type { Topology } from '../../models/topology/types.js';
import { topologyToYaml } from '../../models/topology/write.js';
import { checkTopology } from '../../properties/check.js';
import { pathProperty } from '../../properties/pathProperty.js';
import { shortestViolation } from '../system/shortestViolation.js';

const withPaths = topologyArbitrary({ pathProperties: true, maxExtraHosts: 3, maxMessages: 2 }).filter((t) => t.properties.length > 0);
const BUDGET = 20_000;

/** Only the path properties: a safety-only check, which folds symmetric hosts when it may. */
const verdicts = (t: Topology, reductions: boolean) =>
  checkTopology(t, {
    maxStates: BUDGET,
    properties: t.properties.map((p) => p.id),
    ...(reductions ? {} : { independentParts: false, symmetry: false }),
  });

describe('laws of path properties', () => {
  const tally = { violated: 0, held: 0, notApplicable: 0, compared: 0 };
  afterAll(() => {
    // Both verdicts must have been met, or the laws below proved nothing about one of them.
    expect(tally.violated).toBeGreaterThan(5);
    expect(tally.held).toBeGreaterThan(5);
    expect(tally.compared).toBeGreaterThan(20);
  });

  test.prop([withPaths], { seed: 11, numRuns: 80 })('a file with path properties is written and read back unchanged', (t) => {
    const loaded = loadTopology(topologyToYaml(t), 'generated.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.topology.properties).toEqual(t.properties);
  });

  test.prop([withPaths], { seed: 12, numRuns: 80 })('counterexamples are shortest (against a plain breadth-first search)', (t) => {
    const system = new MailSystem(t);
    const result = checkTopology(t, { maxStates: BUDGET });
    if (!result.stats.complete) return;
    for (const spec of t.properties) {
      const property = pathProperty(spec);
      const p = result.properties.find((q) => q.id === spec.id)!;
      if (p.verdict === 'not-applicable') {
        tally.notApplicable++;
        continue;
      }
      const shortest = shortestViolation(system, (s) => s.effects.some((e) => property.violation(e, system, s) !== null));
      if (p.verdict === 'violated') {
        tally.violated++;
        expect(p.counterexample!.steps.length).toBe(shortest);
      } else {
        tally.held++;
        expect(p.verdict).toBe('holds');
        expect(shortest).toBe(-1);
      }
    }
  });

  test.prop([withPaths], { seed: 13, numRuns: 60 })('the reductions change no verdict and no counterexample length', (t) => {
    const reduced = verdicts(t, true);
    const plain = verdicts(t, false);
    if (!plain.stats.complete || !reduced.stats.complete) return;
    for (const spec of t.properties) {
      const a = reduced.properties.find((q) => q.id === spec.id)!;
      const b = plain.properties.find((q) => q.id === spec.id)!;
      expect([a.verdict, a.counterexample?.steps.length]).toEqual([b.verdict, b.counterexample?.steps.length]);
      tally.compared++;
    }
  });
});
