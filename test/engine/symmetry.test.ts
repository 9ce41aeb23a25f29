/**
 * Folding symmetric hosts (models/system/symmetry.ts) changes no verdict: on random topologies
 * with twin hosts, a safety check that folds agrees with one that does not on every verdict, on
 * the length of every counterexample, and on the states and transitions of the whole space; its
 * counterexamples are real runs of the topology as written that replay to the violating step. The
 * swaps it rejects (a twin some route or CNAME tells apart) are asymmetric for real.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/checker/index.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import type { SystemAction, SystemState } from '../../models/system/types.js';
import type { AnyPropertyId, PropertyId, Topology } from '../../models/topology/types.js';
import { checkTopology, propertiesOf } from '../../properties/check.js';
import type { CheckResult, CheckStats } from '../../properties/result.js';
import { load } from '../helpers.js';
import { twin, twinned } from './topologies.js';

const SAFETY: PropertyId[] = ['call-ahead-bounded', 'no-forwarding-loop', 'no-silent-loss', 'no-backscatter'];
const BUDGET = 60_000;
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'symmetry');

// The figures of the whole space: the same whichever engine ran and whatever it folded.
const figures = ({ durationMs: _t, setupMs: _u, statesStored: _s, symmetricHosts: _h, engine: _e, ...rest }: CheckStats) => rest;

/** A reason with the names of folded hosts blanked: a folded run may pass a host's twin instead. */
function blank(reason: string | undefined, classes: readonly string[][]): string | undefined {
  let out = reason;
  for (const c of classes) for (const name of [...c].sort((a, b) => b.length - a.length)) out = out?.replaceAll(name, '<twin>');
  return out;
}

/** Replays the counterexample and asks the property whether its last step is a violation. */
function lastStepViolates(system: MailSystem, id: AnyPropertyId, path: string): boolean {
  const run = replay<SystemState, SystemAction>(system, path);
  if (!run.ok) return false;
  const property = propertiesOf(system.topology).find((p) => p.id === id)!;
  if (property.kind !== 'safety') return false;
  const last = run.states.at(-1)!;
  return last.effects.some((e) => property.violation(e, system, last) !== null);
}

/** Compares folded and unfolded checks of `t`: 'folded' when a group was used, 'plain' when none was found, 'skipped' past the budget. */
function compare(t: Topology): 'folded' | 'plain' | 'skipped' {
  const plain = checkTopology(t, { properties: SAFETY, symmetry: false, maxStates: BUDGET, independentParts: false });
  if (!plain.stats.complete) return 'skipped';
  const folded = checkTopology(t, { properties: SAFETY, symmetry: true, maxStates: BUDGET, independentParts: false });
  const classes = folded.stats.symmetricHosts ?? [];
  expect(folded.properties.map((p) => [p.id, p.verdict, blank(p.reason, classes)])).toEqual(
    plain.properties.map((p) => [p.id, p.verdict, blank(p.reason, classes)]),
  );
  if (!plain.stats.stopReason && !allViolated(plain)) expect(figures(folded.stats)).toEqual(figures(plain.stats));
  const system = new MailSystem(t);
  folded.properties.forEach((p, i) => {
    const q = plain.properties[i]!;
    if (q.counterexample?.path == null) return;
    expect(p.counterexample!.steps.length).toBe(q.counterexample.steps.length);
    expect(lastStepViolates(system, p.id, p.counterexample!.path!)).toBe(true);
  });
  return classes.length > 0 ? 'folded' : 'plain';
}

const allViolated = (r: CheckResult) => r.properties.every((p) => p.verdict === 'violated' || p.verdict === 'not-applicable');

describe('folding symmetric hosts', () => {
  it('changes no verdict, counterexample length or state count on random topologies with twins', () => {
    const seen = { folded: 0, plain: 0, skipped: 0 };
    for (const t of twinned(200, 41)) seen[compare(t)]++;
    // Not vacuous: many twins fold, and some are told apart from their original.
    expect(seen.folded).toBeGreaterThan(60);
    expect(seen.plain).toBeGreaterThan(2);
    expect(seen.skipped).toBeLessThan(20);
  });

  it('folds alike filters at one preference: one class, the full symmetric group, fewer states stored', () => {
    const t = load(join(FIXTURES, 'equal-filters.yaml'));
    const system = new MailSystem(t);
    expect(system.packed()!.symmetry!.order).toBe(6);
    // Both messages meet the three flaky filters. Checked apart (the default) each message's run
    // keeps the faults it shares fixed, so nothing folds; the whole product folds them.
    expect(checkTopology(t, { properties: SAFETY }).stats.symmetricHosts).toBeUndefined();
    const folded = checkTopology(t, { properties: SAFETY, independentParts: false });
    const plain = checkTopology(t, { properties: SAFETY, symmetry: false, independentParts: false });
    expect(folded.stats.symmetricHosts).toEqual([['mx1.filter.test', 'mx2.filter.test', 'mx3.filter.test']]);
    expect(figures(folded.stats)).toEqual(figures(plain.stats));
    // Every orbit but the fully symmetric states has six members; at least a fourth is stored, at most a third.
    expect(folded.stats.statesStored!).toBeLessThan(Number(plain.stats.states) / 3);
    expect(folded.stats.statesStored!).toBeGreaterThan(Number(plain.stats.states) / 6);
    expect(folded.properties.map((p) => p.verdict)).toEqual(plain.properties.map((p) => p.verdict));
  });

  it('unfolds a counterexample into a run of the topology as written, naming the hosts it passes', () => {
    // The twin filters call ahead to a relay that calls ahead back to the best MX: the founding loop, twice over.
    const t = load(join(FIXTURES, 'twin-loop.yaml'));
    const folded = checkTopology(t, { properties: ['call-ahead-bounded'] });
    const plain = checkTopology(t, { properties: ['call-ahead-bounded'], symmetry: false });
    expect(folded.stats.symmetricHosts).toEqual([['mx1.postini.test', 'mx2.postini.test']]);
    const [p] = folded.properties;
    expect(p!.verdict).toBe('violated');
    expect(p!.counterexample!.steps.length).toBe(plain.properties[0]!.counterexample!.steps.length);
    const system = new MailSystem(t);
    expect(lastStepViolates(system, 'call-ahead-bounded', p!.counterexample!.path!)).toBe(true);
    // The reason names a filter the run really calls from.
    const caller = /^(mx\d\.postini\.test)'s call-ahead/.exec(p!.reason!)![1]!;
    expect(p!.counterexample!.steps.some((s) => s.from === caller || s.to === caller)).toBe(true);
  });

  it('unfolds a folded path that is not itself a run of the topology', () => {
    const t = load(join(FIXTURES, 'unfold-needed.yaml'));
    const folded = checkTopology(t, { properties: ['no-backscatter'], independentParts: false });
    const plain = checkTopology(t, { properties: ['no-backscatter'], independentParts: false, symmetry: false });
    expect(folded.stats.symmetricHosts).toEqual([['twin.filter2.test', 'filter2.test']]);
    const p = folded.properties[0]!;
    expect(p.verdict).toBe('violated');
    expect(p.counterexample!.steps.length).toBe(plain.properties[0]!.counterexample!.steps.length);
    expect(lastStepViolates(new MailSystem(t), 'no-backscatter', p.counterexample!.path!)).toBe(true);
  });

  it('folds the alike hosts that are interchangeable even when the first of them is not', () => {
    const t = load(join(FIXTURES, 'odd-first.yaml'));
    const folded = checkTopology(t, { properties: SAFETY });
    expect(folded.stats.symmetricHosts).toEqual([['mx2.filter.test', 'mx3.filter.test']]);
    expect(figures(folded.stats)).toEqual(figures(checkTopology(t, { properties: SAFETY, symmetry: false }).stats));
  });

  it('reports hosts folded only where a part could fold them', () => {
    const t = load(join(FIXTURES, 'cross-part.yaml'));
    const apart = checkTopology(t, { properties: SAFETY });
    const whole = checkTopology(t, { properties: SAFETY, independentParts: false });
    expect(apart.stats.symmetricHosts).toBeUndefined();
    expect(whole.stats.symmetricHosts).toEqual([['a.test', 'b.test']]);
    expect(figures(apart.stats)).toEqual(figures(whole.stats));
  });

  it('says a budget counts the states stored, and what they stand for', () => {
    const t = load(join(FIXTURES, 'equal-filters.yaml'));
    const cut = checkTopology(t, { properties: ['no-forwarding-loop'], maxStates: 5_000, independentParts: false });
    expect(cut.properties[0]!.verdict).toBe('inconclusive');
    expect(cut.properties[0]!.reason).toMatch(/^stopped by the state limit \(5000 states\) after 5000 states stored \(standing for \d+\); no violation found so far$/);
  });

  it('does not fold when liveness is checked, nor twins that a route tells apart', () => {
    const t = load(join(FIXTURES, 'equal-filters.yaml'));
    expect(checkTopology(t).stats.symmetricHosts).toBeUndefined();
    // The relay's route names mx1 only: swapping mx1 and mx2 would change where relayed mail goes.
    const pinned = load(join(FIXTURES, 'twin-loop.yaml'));
    const relay = pinned.hosts.find((h) => h.role === 'relay')!;
    const routed: Topology = {
      ...pinned,
      hosts: pinned.hosts.map((h) => (h === relay ? { ...h, route: { kind: 'to', to: [{ host: 'mx1.postini.test', port: 25 }] } } : h)),
    };
    expect(new MailSystem(routed).packed()!.symmetry).toBeNull();
    expect(twin(routed, 0, 'again')).not.toBeNull();
  });
});
