/**
 * Laws of the engine, checked on generated topologies (fixed seeds, bounded runs): what holds for
 * every topology the explore arbitraries can produce, not just for the examples.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { getAdjacencyMap } from 'xstate/graph';
import { topologyArbitrary } from '../../models/arbitraries/topology.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import { mailSystemLogic, mailSystemTraversal } from '../../models/system/logic.js';
import { loadTopology } from '../../models/topology/load.js';
import type { Topology } from '../../models/topology/types.js';
import { topologyToYaml } from '../../models/topology/write.js';
import { checkTopology } from '../../properties/check.js';
import { PROPERTIES } from '../../properties/index.js';
import { exploreReachable, replay } from '../../src/checker/index.js';
import { join } from 'node:path';
import { EXAMPLES, load } from '../helpers.js';
import { anyHops, callAheadGraph, cycleReachable, firstHops } from './callAheadGraph.js';
import { shortestViolation } from '../system/shortestViolation.js';

const rules = load(join(EXAMPLES, 'rules', 'mailhop-relay.yaml'));
const around = topologyArbitrary({ fixedHosts: rules.hosts });
const free = topologyArbitrary({ maxExtraHosts: 4 });
const small = topologyArbitrary({ fixedHosts: rules.hosts, maxExtraHosts: 2, maxMessages: 1 });
const topologies = fc.oneof(around, free);
const BUDGET = 20_000;

/** What a topology is, without where it was read from. */
const essence = (t: Topology) => ({ ...t, file: '', positions: {}, expect: {} });
const withoutTiming = (r: ReturnType<typeof checkTopology>) => ({ ...r, stats: { ...r.stats, durationMs: 0, setupMs: 0 } });

describe('laws of generated topologies', () => {
  test.prop([topologies], { seed: 1, numRuns: 150 })('every generated topology is a valid file that loads', (t) => {
    const loaded = loadTopology(topologyToYaml(t), 'generated.yaml');
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
  });

  test.prop([topologies], { seed: 2, numRuns: 150 })('YAML written out and read back is the same topology', (t) => {
    const loaded = loadTopology(topologyToYaml(t), 'generated.yaml');
    if (!loaded.ok) throw new Error('does not load');
    expect(essence(loaded.topology)).toEqual(essence(t));
  });

  test.prop([topologies], { seed: 3, numRuns: 60 })('checking is deterministic: same verdicts and traces twice', (t) => {
    expect(withoutTiming(checkTopology(t, { maxStates: BUDGET }))).toEqual(withoutTiming(checkTopology(t, { maxStates: BUDGET })));
  });
});

describe('laws of counterexamples', () => {
  test.prop([topologies], { seed: 4, numRuns: 120 })('every counterexample replays into a violating run', (t) => {
    const system = new MailSystem(t);
    const result = checkTopology(t, { maxStates: BUDGET });
    for (const p of result.properties) {
      const path = p.counterexample?.path;
      if (p.verdict !== 'violated' || path === null || path === undefined) continue;
      const run = replay(system, path);
      if (!run.ok) throw new Error(`${p.id}: ${run.error}`);
      expect(run.states.length).toBe(p.counterexample!.steps.length + 1);
      const property = PROPERTIES.find((q) => q.id === p.id)!;
      const last = run.states.at(-1)!;
      if (property.kind === 'safety') {
        const step = system.next(run.states.at(-2)!, run.actions.at(-1)!);
        expect(step.effects.some((e) => property.violation(e, system, step) !== null)).toBe(true);
      } else if (property.kind === 'liveness') {
        expect(run.states.some((s) => property.goal(s, system))).toBe(false);
        const loopsFrom = p.counterexample!.loopsFrom;
        if (loopsFrom === null) expect(system.actions(last)).toEqual([]);
        else expect(system.fingerprint(last)).toBe(system.fingerprint(run.states[loopsFrom - 1]!));
      }
    }
  });

  test.prop([small], { seed: 5, numRuns: 80 })('safety counterexamples are shortest (against a plain breadth-first search)', (t) => {
    const system = new MailSystem(t);
    const result = checkTopology(t, { maxStates: BUDGET });
    if (!result.stats.complete) return;
    for (const property of PROPERTIES) {
      if (property.kind !== 'safety') continue;
      const p = result.properties.find((q) => q.id === property.id)!;
      const shortest = shortestViolation(system, (s) => s.effects.some((e) => property.violation(e, system, s) !== null));
      if (p.verdict === 'violated') expect(p.counterexample!.steps.length).toBe(shortest);
      else if (p.verdict === 'holds') expect(shortest).toBe(-1);
    }
  });

  test.prop([small], { seed: 6, numRuns: 40 })('the reachable set equals xstate/graph getAdjacencyMap on small topologies', (t) => {
    const system = new MailSystem(t);
    const ours = exploreReachable(system, { maxStates: 3000 });
    if (!ours.complete) return;
    const theirs = Object.keys(getAdjacencyMap(mailSystemLogic(system), mailSystemTraversal(system) as never));
    expect([...ours.fingerprints].sort()).toEqual(theirs.sort());
  });
});

describe('the static call-ahead graph', () => {
  const noFaults = topologyArbitrary({ fixedHosts: rules.hosts, faults: false, maxMessages: 1, roles: ['filter', 'relay', 'mailbox'] });
  const tally = { cycleFromMx: 0, violated: 0, held: 0 };

  test.prop([noFaults], { seed: 7, numRuns: 300 })(
    'a cycle reachable from an MX implies call-ahead-bounded violated, which implies a cycle reachable from a host mail can reach',
    (t) => {
      const verdict = checkTopology(t, { properties: ['call-ahead-bounded'], maxStates: 50_000 }).properties[0]!.verdict;
      if (verdict === 'inconclusive') return;
      const graphs = t.messages.map((m) => ({ edges: callAheadGraph(t, m.to), first: firstHops(t, m.to), any: anyHops(t, m.to) }));
      const fromMx = graphs.some((g) => cycleReachable(g.edges, g.first));
      const fromAny = graphs.some((g) => cycleReachable(g.edges, g.any));
      if (fromMx) tally.cycleFromMx++;
      if (verdict === 'violated') tally.violated++;
      if (verdict === 'holds') tally.held++;
      if (fromMx) expect(verdict).toBe('violated');
      if (verdict === 'violated') expect(fromAny).toBe(true);
    },
  );

  test('the law above was not vacuous: it met both loops and loop-free topologies', () => {
    expect(tally.cycleFromMx).toBeGreaterThan(8);
    expect(tally.violated).toBeGreaterThanOrEqual(tally.cycleFromMx);
    expect(tally.held).toBeGreaterThan(50);
  });
});
