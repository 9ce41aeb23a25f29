/**
 * The reductions' differential suite for checking messages apart: each message is explored alone
 * with the transient faults it may meet flipping freely, and the verdicts and figures combined
 * (src/checker/product.ts). On random topologies — several messages, private and shared transient
 * hosts, call-ahead chains cut at a shallow limit — the reduced check must agree with the full
 * product (`independentParts: false`, what `--no-reductions` runs) on every verdict, on the
 * states and transitions of the whole space, and on the length of every safety counterexample;
 * every counterexample must replay on the whole model, and a liveness one must end in a loop of
 * the whole model that never delivers and that no move leaves (a fair run).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/checker/index.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import { faultReads } from '../../models/system/independence.js';
import { checkTopology } from '../../properties/check.js';
import { eventualDelivery } from '../../properties/eventualDelivery.js';
import type { CheckResult, CheckStats } from '../../properties/result.js';
import type { Topology } from '../../models/topology/types.js';
import { EXAMPLES, load } from '../helpers.js';
import { crowded, loopy, plain, sharingFaults } from './topologies.js';

const BUDGET = 60_000;

/** The figures of the whole state space: what a reduction must not change (it only stores less, by another engine). */
function figures(stats: CheckStats): Omit<CheckStats, 'durationMs' | 'setupMs' | 'statesStored' | 'maxDepth' | 'engine'> {
  const { durationMs: _t, setupMs: _u, statesStored: _s, maxDepth: _d, engine: _e, ...rest } = stats;
  return rest;
}

/** What one comparison covered, summed over a sample so a test can say it compared something. */
interface Tally {
  compared: number;
  shared: number;
  counted: number;
  depths: number;
  safety: number;
  lassos: number;
  fairLoops: number;
}

const tally = (): Tally => ({ compared: 0, shared: 0, counted: 0, depths: 0, safety: 0, lassos: 0, fairLoops: 0 });

/** Shares a transient host between two messages. */
function sharesFaults(t: Topology): boolean {
  const system = new MailSystem(t);
  return faultReads(system, system.initialStates()[0]!.messages.map((m) => m.holder)).readers.some((n) => n > 1);
}

function compare(t: Topology, seen: Tally): void {
  const full = checkTopology(t, { independentParts: false, maxStates: BUDGET });
  if (!full.stats.complete) return;
  const reduced = checkTopology(t, { independentParts: true, maxStates: BUDGET });
  // Without the reduction the packed system is explored whole; with it, apart whenever it splits.
  expect(full.stats.engine).toBe('packed');
  if (t.messages.length > 1) expect(reduced.stats.engine).toBe('packed-apart');
  seen.compared++;
  if (sharesFaults(t)) seen.shared++;
  expect(reduced.properties.map((p) => [p.id, p.verdict])).toEqual(full.properties.map((p) => [p.id, p.verdict]));
  // A run stops early only when every explored property is violated and none is liveness.
  const stoppedEarly = full.properties.every((p) => p.verdict === 'violated' || p.verdict === 'not-applicable' || ['no-open-relay', 'dns-well-formed'].includes(p.id));
  if (!stoppedEarly) {
    expect(figures(reduced.stats)).toEqual(figures(full.stats));
    seen.counted++;
    // The depth is given exactly, or not at all (messages sharing a fault).
    if (reduced.stats.maxDepth !== null) {
      expect(reduced.stats.maxDepth).toBe(full.stats.maxDepth);
      seen.depths++;
    }
  }
  const system = new MailSystem(t);
  full.properties.forEach((p, i) => {
    const q = reduced.properties[i]!;
    if (p.counterexample?.path == null) return;
    const run = replay(system, q.counterexample!.path!);
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    if (p.id !== eventualDelivery.id) {
      expect(q.counterexample!.steps.length).toBe(p.counterexample.steps.length);
      expect(q.reason).toBe(p.reason);
      seen.safety++;
      return;
    }
    seen.lassos++;
    if (fairLoop(system, run.states, q.counterexample!.loopsFrom, reduced)) seen.fairLoops++;
  });
}

/**
 * A lasso of eventual delivery: the loop closes, no state on it delivers every message, and — for
 * a loop that covers its component, as lassos do up to COVER_LIMIT transitions — every move from a
 * state on it stays on it (a bottom component, so the run is fair). Says whether it checked that.
 */
function fairLoop(system: MailSystem, states: readonly ReturnType<MailSystem['initialStates']>[number][], loopsFrom: number | null, result: CheckResult): boolean {
  const goal = (s: (typeof states)[number]) => system.isTruncated(s) || eventualDelivery.goal(s, system);
  for (const s of states) expect(goal(s)).toBe(false);
  if (loopsFrom === null) {
    expect(system.actions(states.at(-1)!)).toEqual([]);
    return false;
  }
  const loop = states.slice(loopsFrom - 1);
  expect(system.fingerprint(loop.at(-1)!)).toBe(system.fingerprint(loop[0]!));
  const on = new Set(loop.map((s) => system.fingerprint(s)));
  const leaves = loop.some((s) => system.actions(s).some((a) => !on.has(system.fingerprint(system.next(s, a)))));
  if (leaves) return false;
  expect(result.properties[0]!.verdict).toBe('violated');
  return true;
}

describe('checking messages apart', () => {
  it.each([
    ['plain', plain(150, 31)],
    ['loopy', loopy(100, 32)],
    ['crowded, with shallow call-ahead limits', crowded(150, 33)],
  ])('changes no verdict or count on %s topologies', (_kind, topologies) => {
    const seen = tally();
    for (const t of topologies) compare(t, seen);
    expect(seen.compared).toBeGreaterThan(topologies.length * 0.8);
  });

  it('changes no verdict, count or safety counterexample length where messages share transient hosts', () => {
    const topologies = sharingFaults(300, 34);
    const seen = tally();
    for (const t of topologies) compare(t, seen);
    // Counted, so the law cannot pass on nothing: most compared, most of those sharing a fault,
    // with whole-space counts, counterexamples of both kinds, and fair loops checked.
    expect(seen.compared).toBeGreaterThan(200);
    expect(seen.shared).toBeGreaterThan(150);
    expect(seen.counted).toBeGreaterThan(100);
    expect(seen.safety).toBeGreaterThan(50);
    expect(seen.lassos).toBeGreaterThan(30);
    expect(seen.fairLoops).toBeGreaterThan(20);
  });

  it('covers shared faults and halted runs in the crowded sample', () => {
    const sample = crowded(150, 33);
    expect(sample.filter(sharesFaults).length).toBeGreaterThan(5);
    const cut = sample.filter((t) => checkTopology(t, { independentParts: false, maxStates: BUDGET }).properties.some((p) => p.reason?.includes('limits.callAheadDepth')));
    expect(cut.length).toBeGreaterThan(5);
  });

  it('checks two messages apart whether or not they share a transient host, and counts their product', () => {
    const one = load(join(EXAMPLES, 'postini-only.yaml'));
    const twice: Topology = { ...one, messages: [one.messages[0]!, one.messages[0]!] };
    const alone = checkTopology(one).stats.states as number;
    const both = checkTopology(twice);
    expect(both.stats.states).toBe(alone * alone);
    expect(figures(both.stats)).toEqual(figures(checkTopology(twice, { independentParts: false }).stats));
    expect(both.stats.maxDepth).toBe(checkTopology(twice, { independentParts: false }).stats.maxDepth);
    // Only the messages were stored: each one's states once, not their product.
    expect(both.stats.statesStored).toBe(alone + alone);

    const shared: Topology = { ...twice, network: { ...twice.network, faults: { 'mail.example.com': 'transient' } } };
    const sharedAlone = checkTopology({ ...shared, messages: [one.messages[0]!] }).stats.states as number;
    const apart = checkTopology(shared);
    const whole = checkTopology(shared, { independentParts: false });
    expect(figures(apart.stats)).toEqual(figures(whole.stats));
    // Both read the fault: each was explored with it flipping, and their product is not the square.
    expect(apart.stats.statesStored).toBe(2 * sharedAlone);
    expect(apart.stats.states).toBeLessThan(sharedAlone * sharedAlone);
    expect(apart.stats.maxDepth).toBeNull();
  });
});
