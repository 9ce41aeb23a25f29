/**
 * Checking independent parts apart (messages that share no transient fault) changes no verdict:
 * on random topologies — several messages, shared and private faults, call-ahead chains cut at a
 * shallow limit — the reduced check agrees with the full product on every verdict and on the
 * size of the space, and each counterexample it gives is a real, replayable run of the whole
 * model of the same length.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/checker/index.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import { independentParts } from '../../models/system/independence.js';
import { checkTopology } from '../../properties/check.js';
import type { CheckStats } from '../../properties/result.js';
import type { Topology } from '../../models/topology/types.js';
import { EXAMPLES, load } from '../helpers.js';
import { crowded, loopy, plain } from './topologies.js';

const BUDGET = 60_000;

/** The figures of the whole state space: what a reduction must not change (it only stores less). */
function figures(stats: CheckStats): Omit<CheckStats, 'durationMs' | 'statesStored'> {
  const { durationMs: _t, statesStored: _s, ...rest } = stats;
  return rest;
}

function compare(t: Topology): boolean {
  const full = checkTopology(t, { independentParts: false, maxStates: BUDGET });
  if (!full.stats.complete) return false;
  const reduced = checkTopology(t, { independentParts: true, maxStates: BUDGET });
  expect(reduced.properties.map((p) => [p.id, p.verdict, p.reason])).toEqual(full.properties.map((p) => [p.id, p.verdict, p.reason]));
  // A run stops early only when every explored property is violated and none is liveness.
  const stoppedEarly = full.properties.every((p) => p.verdict === 'violated' || p.verdict === 'not-applicable' || ['no-open-relay', 'dns-well-formed'].includes(p.id));
  if (!stoppedEarly) {
    expect(figures(reduced.stats)).toEqual(figures(full.stats));
  }
  const system = new MailSystem(t);
  full.properties.forEach((p, i) => {
    const q = reduced.properties[i]!;
    if (p.counterexample?.path == null) return;
    expect(q.counterexample!.steps.length).toBe(p.counterexample.steps.length);
    expect(q.counterexample!.loopsFrom).toBe(p.counterexample.loopsFrom);
    const run = replay(system, q.counterexample!.path!);
    expect(run.ok).toBe(true);
  });
  return true;
}

describe('checking independent messages apart', () => {
  it.each([
    ['plain', plain(150, 31)],
    ['loopy', loopy(100, 32)],
    ['crowded, with shallow call-ahead limits', crowded(150, 33)],
  ])('changes no verdict on %s topologies', (_kind, topologies) => {
    let compared = 0;
    for (const t of topologies) if (compare(t)) compared++;
    expect(compared).toBeGreaterThan(topologies.length * 0.8);
  });

  it('covers products: several parts, shared faults, and halted runs', () => {
    const parts = crowded(150, 33).map((t) => {
      const system = new MailSystem(t);
      return independentParts(system, system.initialStates()[0]!.messages.map((m) => m.holder)).count;
    });
    expect(parts.filter((n) => n >= 3).length).toBeGreaterThan(20);
    const cut = crowded(150, 33).filter((t) => checkTopology(t, { independentParts: false, maxStates: BUDGET }).properties.some((p) => p.reason?.includes('limits.callAheadDepth')));
    expect(cut.length).toBeGreaterThan(5);
  });

  it('keeps two messages apart unless they share a transient host, and counts their product', () => {
    const one = load(join(EXAMPLES, 'postini-only.yaml'));
    const twice: Topology = { ...one, messages: [one.messages[0]!, one.messages[0]!] };
    expect(new MailSystem(twice).packed()!.parts).toBe(2);
    const shared: Topology = { ...twice, network: { ...twice.network, faults: { 'mail.example.com': 'transient' } } };
    expect(new MailSystem(shared).packed()!.parts).toBe(1);
    const alone = checkTopology(one).stats.states;
    const both = checkTopology(twice);
    expect(both.stats.states).toBe(alone * alone);
    expect(figures(both.stats)).toEqual(figures(checkTopology(twice, { independentParts: false }).stats));
    // Only the parts were stored: each message's states once, not their product.
    expect(both.stats.statesStored).toBe(alone + alone);
  });
});
