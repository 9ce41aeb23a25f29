import { describe, expect, it } from 'vitest';
import { explore } from '../../src/checker/index.js';
import { dgraph, eventually, ring } from './dgraph.js';
import { outcomeOf, traceOf } from './helpers.js';

describe('liveness', () => {
  it('holds when every bottom component has a goal state', () => {
    // Two bottom components: the goal deadlock 3, and the cycle {4, 5} that contains the goal 5.
    const model = dgraph([0], [[0, 1], [1, 2], [2, 1], [2, 3], [0, 4], [4, 5], [5, 4]]);
    const result = explore(model, [eventually('reach', [3, 5])]);
    expect(outcomeOf(result, 'reach').status).toBe('holds');
  });

  it('is violated by a reachable deadlock with no goal, and the trace simply ends', () => {
    const model = dgraph([0], [[0, 3], [0, 1], [1, 2]]);
    const result = explore(model, [eventually('reach-3', [3])]);
    const outcome = outcomeOf(result, 'reach-3');
    expect(outcome).toMatchObject({ status: 'violated', reason: expect.stringMatching(/no successor/) });
    const trace = traceOf(result, 'reach-3');
    expect(trace).toMatchObject({ states: [0, 1, 2], actionIndices: [1, 0], loopsFrom: null, path: '0:1.0' });
  });

  it('is violated by a bottom cycle with no goal, shown as a lasso: prefix, then the cycle', () => {
    // 0 → 1 → 2 → 3 → 1 is a bottom cycle without the goal 9; 0 → 9 is the lucky way out.
    const model = dgraph([0], [[0, 9], [0, 1], [1, 2], [2, 3], [3, 1]]);
    const result = explore(model, [eventually('reach-9', [9])]);
    expect(outcomeOf(result, 'reach-9')).toMatchObject({ reason: 'a bottom component with no goal state is reachable' });
    const trace = traceOf(result, 'reach-9');
    expect(trace.states).toEqual([0, 1, 2, 3, 1]);
    expect(trace.actions).toEqual([1, 2, 3, 1]);
    expect(trace.loopsFrom).toBe(1);
    expect(trace.states.at(-1)).toBe(trace.states[trace.loopsFrom!]);
    expect(trace.path).toBe('0:1.0*3');
  });

  it('walks every transition of the bottom component, so the cycle shown is a fair run', () => {
    // From 1 the component has two loops, 1 → 2 → 3 → 1 and 1 → 4 → 1; a fair run takes both.
    const model = dgraph([0], [[0, 1], [1, 2], [2, 3], [3, 1], [1, 4], [4, 1]]);
    const trace = traceOf(explore(model, [eventually('never', [])]), 'never');
    expect(trace.states).toEqual([0, 1, 2, 3, 1, 4, 1]);
    expect(trace.loopsFrom).toBe(1);
  });

  it('records the index of the action that closes the cycle', () => {
    // The cycle 1 → 2 ↺ 2 → 1 closes with the second action of 2 (its first is the self-loop).
    const model = dgraph([0], [[0, 1], [1, 2], [2, 2], [2, 1]]);
    const trace = traceOf(explore(model, [eventually('never', [])]), 'never');
    expect(trace).toMatchObject({ states: [0, 1, 2, 2, 1], actions: [1, 2, 2, 1], actionIndices: [0, 0, 0, 1], loopsFrom: 1 });
  });

  it('shows a self-loop as a one-step cycle', () => {
    const trace = traceOf(explore(dgraph([0], [[0, 0]]), [eventually('never', [])]), 'never');
    expect(trace).toMatchObject({ states: [0, 0], actionIndices: [0], loopsFrom: 0 });
  });

  it('does not count a cycle that can be left as a violation (fairness)', () => {
    // 0 ⇄ 1 may spin forever, but a fair run eventually takes 1 → 2 and reaches the goal.
    const model = dgraph([0], [[0, 1], [1, 0], [1, 2]]);
    expect(outcomeOf(explore(model, [eventually('reach-2', [2])]), 'reach-2').status).toBe('holds');
  });

  it('leads the prefix through non-goal states only, even when a route through a goal is shorter', () => {
    // 0 → 5 → 7 passes the goal 5; the bad deadlock 7 is also reachable the long way, 0 → 1 → 2 → 7.
    const model = dgraph([0], [[0, 5], [5, 7], [0, 1], [1, 2], [2, 7]]);
    const trace = traceOf(explore(model, [eventually('reach-5', [5])]), 'reach-5');
    expect(trace.states).toEqual([0, 1, 2, 7]);
  });

  it('holds when the only bad component lies behind a goal state', () => {
    const model = dgraph([0], [[0, 5], [5, 7]]);
    expect(outcomeOf(explore(model, [eventually('reach-5', [5])]), 'reach-5').status).toBe('holds');
  });

  it('holds when the initial state is itself a goal', () => {
    const model = dgraph([0], [[0, 1]]);
    expect(outcomeOf(explore(model, [eventually('reach-0', [0])]), 'reach-0').status).toBe('holds');
  });

  it('starts the lasso from whichever initial state reaches the bad component soonest', () => {
    const model = dgraph([0, 10], [[0, 1], [1, 2], [2, 3], [10, 3], [3, 3], [0, 9], [10, 9]]);
    const trace = traceOf(explore(model, [eventually('reach-9', [9])]), 'reach-9');
    expect(trace).toMatchObject({ initial: 1, states: [10, 3, 3], loopsFrom: 1, path: '1:0.0' });
  });

  it('judges several liveness properties independently, in the order given', () => {
    const model = dgraph([0], [[0, 1], [1, 2], [2, 1]]);
    const result = explore(model, [eventually('reach-2', [2]), eventually('reach-5', [5])]);
    expect(result.outcomes.map((o) => [o.id, o.status])).toEqual([
      ['reach-2', 'holds'],
      ['reach-5', 'violated'],
    ]);
  });

  it('survives a 200 000-state chain ending in a deadlock', () => {
    const n = 200_000;
    const result = explore(ring(n, false), [eventually('never', []), eventually('reach-end', [n - 1])]);
    const trace = traceOf(result, 'never');
    expect(trace.states.length).toBe(n);
    expect(trace.loopsFrom).toBeNull();
    expect(outcomeOf(result, 'reach-end').status).toBe('holds');
    expect(result.maxDepth).toBe(n - 1);
  });

  it('survives a 200 000-state single cycle', () => {
    const n = 200_000;
    const result = explore(ring(n, true), [eventually('never', []), eventually('reach-mid', [n / 2])]);
    const trace = traceOf(result, 'never');
    expect(trace.states.length).toBe(n + 1);
    expect(trace.loopsFrom).toBe(0);
    expect(trace.states.at(-1)).toBe(0);
    expect(outcomeOf(result, 'reach-mid').status).toBe('holds');
  });
});
