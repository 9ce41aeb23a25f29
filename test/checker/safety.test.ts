import { describe, expect, it } from 'vitest';
import { explore, type SafetyProperty } from '../../src/checker/index.js';
import { dgraph, neverReach, ring } from './dgraph.js';
import { outcomeOf, traceOf } from './helpers.js';

describe('safety', () => {
  it('reports the shorter of two routes to a bad state, even when the longer one is listed first', () => {
    // Depth-first in action order would find 0 → 1 → 2 → 9; breadth-first finds 0 → 5 → 9.
    const model = dgraph([0], [[0, 1], [1, 2], [2, 9], [0, 5], [5, 9]]);
    const trace = traceOf(explore(model, [neverReach('no-9', [9])]), 'no-9');
    expect(trace.states).toEqual([0, 5, 9]);
    expect(trace.actions).toEqual([5, 9]);
    expect(trace.actionIndices).toEqual([1, 0]);
    expect(trace.initial).toBe(0);
    expect(trace.loopsFrom).toBeNull();
    expect(trace.path).toBe('0:1.0');
  });

  it('judges transitions, including steps into states already seen', () => {
    // Every state is harmless; only the step 2 → 0 (back to a seen state) is bad.
    const model = dgraph([0], [[0, 1], [1, 2], [2, 0], [2, 3]]);
    const noWrap: SafetyProperty<number, number> = {
      kind: 'safety',
      id: 'no-wrap',
      violation: (from, _action, to) => (from === 2 && to === 0 ? 'wrapped around' : null),
    };
    const result = explore(model, [noWrap]);
    const outcome = outcomeOf(result, 'no-wrap');
    expect(outcome).toMatchObject({ status: 'violated', reason: 'wrapped around' });
    expect(traceOf(result, 'no-wrap').states).toEqual([0, 1, 2, 0]);
  });

  it('checks the initial states themselves, with from and action null', () => {
    const model = dgraph([0, 7], [[0, 1]]);
    const calls: [number | null, number | null, number][] = [];
    const recorder: SafetyProperty<number, number> = {
      kind: 'safety',
      id: 'record',
      violation: (from, action, to) => {
        calls.push([from, action, to]);
        return null;
      },
    };
    const result = explore(model, [neverReach('no-7', [7]), recorder]);
    expect(traceOf(result, 'no-7')).toMatchObject({ initial: 1, states: [7], actions: [], actionIndices: [], path: '1:' });
    expect(calls).toEqual([
      [null, null, 0],
      [null, null, 7],
      [0, 1, 1],
    ]);
  });

  it('holds when no bad state is reachable, and counts the whole space', () => {
    const model = dgraph([0], [[0, 1], [1, 2], [2, 0], [1, 1]]);
    const result = explore(model, [neverReach('no-9', [9])]);
    expect(outcomeOf(result, 'no-9').status).toBe('holds');
    expect(result).toMatchObject({ complete: true, stoppedEarly: false, states: 3, transitions: 4, maxDepth: 2 });
    expect(result.stopReason).toBeUndefined();
  });

  it('keeps exploring after one violation so the other properties are still judged', () => {
    const model = dgraph([0], [[0, 1], [1, 2], [2, 3]]);
    const result = explore(model, [neverReach('no-1', [1]), neverReach('no-3', [3]), neverReach('no-9', [9])]);
    expect(result.outcomes.map((o) => [o.id, o.status])).toEqual([
      ['no-1', 'violated'],
      ['no-3', 'violated'],
      ['no-9', 'holds'],
    ]);
    expect(traceOf(result, 'no-3').states).toEqual([0, 1, 2, 3]);
    expect(result.stoppedEarly).toBe(false);
  });

  it('stops early once every property is a violated safety property, with all verdicts decided', () => {
    const result = explore(ring(1_000_000, false), [neverReach('no-3', [3]), neverReach('no-5', [5])]);
    expect(result).toMatchObject({ complete: true, stoppedEarly: true });
    expect(result.stopReason).toBeUndefined();
    expect(result.states).toBeLessThan(10);
    expect(result.outcomes.map((o) => o.status)).toEqual(['violated', 'violated']);
    expect(traceOf(result, 'no-5').states).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('does not stop early when asked not to, or while a liveness property is pending', () => {
    const noThree = neverReach('no-3', [3]);
    expect(explore(ring(100, false), [noThree], { stopEarly: false })).toMatchObject({ stoppedEarly: false, states: 100 });
    const liveness = { kind: 'liveness', id: 'reach-99', goal: (n: number) => n === 99 } as const;
    const result = explore(ring(100, false), [noThree, liveness]);
    expect(result).toMatchObject({ stoppedEarly: false, states: 100 });
    expect(outcomeOf(result, 'reach-99').status).toBe('holds');
  });

  it('keeps the fingerprints only when asked', () => {
    const model = dgraph([0], [[0, 2], [0, 1], [1, 2]]);
    expect(explore(model, []).fingerprints).toBeUndefined();
    expect(explore(model, [], { keepFingerprints: true }).fingerprints).toEqual(['0', '2', '1']);
  });

  it('stores an initial state listed twice only once', () => {
    const result = explore(dgraph([4, 4], [[4, 5]]), [], { keepFingerprints: true });
    expect(result.fingerprints).toEqual(['4', '5']);
  });
});
