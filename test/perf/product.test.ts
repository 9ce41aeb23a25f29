/**
 * The product checker against the product itself, on a domain-free model: a few small random
 * graphs stepping independently (a state is one node per graph), with halting nodes that stop
 * everything, goal nodes closed under successors and bad edges. Exploring the parts apart must
 * give the verdicts, the figures (states, transitions, depth) and counterexamples of the same
 * length as exploring their product, and every counterexample must replay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore, replay, type LivenessProperty, type Model, type SafetyProperty } from '../../src/checker/index.js';
import type { PackedModel } from '../../src/checker/packed.js';

interface Part {
  n: number;
  edges: [number, number][];
  halting: boolean[];
  goal: boolean[];
  bad: boolean[];
}

const HALT = 1 << 30;
const GOAL = 1;
type Action = { part: number; edge: number };

const out = (p: Part, v: number) => p.edges.map((e, i) => ({ e, i })).filter(({ e }) => e[0] === v);

function product(parts: Part[]): Model<number[], Action> {
  const halted = (s: number[]) => s.some((v, q) => parts[q]!.halting[v]);
  const actions = (s: number[]): Action[] =>
    halted(s) ? [] : parts.flatMap((p, q) => out(p, s[q]!).map(({ i }) => ({ part: q, edge: i })));
  const flagsOf = (s: number[], only: number) => {
    let f = GOAL;
    s.forEach((v, q) => {
      if (only >= 0 && q !== only) return;
      if (parts[q]!.halting[v]) f |= HALT;
      if (!parts[q]!.goal[v]) f &= ~GOAL;
    });
    return f;
  };
  const packed: PackedModel<number[]> = {
    width: parts.length,
    halted: HALT,
    initialCount: 1,
    initial: (_i, o, at) => o.fill(0, at, at + parts.length),
    maxSuccessors: parts.reduce((sum, p) => sum + p.edges.length, 0),
    successors(state, at, o, labels, acts, only) {
      const s = [...state.subarray(at, at + parts.length)];
      let n = 0;
      actions(s).forEach((a, k) => {
        if (only >= 0 && a.part !== only) return;
        const next = s.slice();
        next[a.part] = parts[a.part]!.edges[a.edge]![1];
        o.set(next, n * parts.length);
        labels[n] = parts[a.part]!.bad[a.edge] ? 1 : 0;
        acts[n++] = k;
      });
      return n;
    },
    flags: (state, at, only) => flagsOf([...state.subarray(at, at + parts.length)], only),
    decode: (state, at) => [...state.subarray(at, at + parts.length)],
    parts: parts.length,
    partMask: (q) => Int32Array.from(parts, (_, i) => (i === q ? -1 : 0)),
  };
  return {
    initialStates: () => [parts.map(() => 0)],
    actions,
    next: (s, a) => s.map((v, q) => (q === a.part ? parts[q]!.edges[a.edge]![1] : v)),
    fingerprint: (s) => s.join(','),
    packed: () => packed,
  };
}

const part: fc.Arbitrary<Part> = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    edges: fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { maxLength: 6 }),
    halting: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    goalSeeds: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    bad: fc.array(fc.nat(9), { maxLength: 2 }),
  })
  .map(({ n, edges, halting, goalSeeds, bad }) => {
    const halt = halting.map((h, v) => h && v > 0 && v < n);
    const es = edges.filter(([a, b]) => a < n && b < n && !halt[a]!) as [number, number][];
    const goal = goalSeeds.slice(0, n).map((g, v) => g && v > 0);
    for (let changed = true; changed; ) {
      changed = false;
      for (const [a, b] of es) if (goal[a] && !goal[b]) changed = goal[b] = true;
    }
    return { n, edges: es, halting: halt, goal, bad: es.map((_, i) => bad.includes(i)) };
  });

const safety: SafetyProperty<number[], Action> = {
  kind: 'safety',
  id: 'no-bad-edge',
  labels: 1,
  violation: (_f, a, _t) => (a !== null && a.part >= 0 ? null : null),
};

function properties(parts: Part[]): [SafetyProperty<number[], Action>, LivenessProperty<number[]>] {
  return [
    { ...safety, violation: (_f, a) => (a !== null && parts[a.part]!.bad[a.edge] ? 'bad edge' : null) },
    {
      kind: 'liveness',
      id: 'reach-goal',
      goalFlags: HALT | GOAL,
      goal: (s) => s.some((v, q) => parts[q]!.halting[v]) || s.every((v, q) => parts[q]!.goal[v]),
    },
  ];
}

describe('checking independent parts apart', () => {
  it('agrees with the product on verdicts, figures and counterexample lengths', () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 2, maxLength: 3 }), (parts) => {
        const model = product(parts);
        const props = properties(parts);
        const whole = explore(model, props);
        const apart = explore(model, props, { independentParts: true });
        expect(apart.parts?.count).toBe(parts.length);
        expect(apart.outcomes.map((o) => o.status)).toEqual(whole.outcomes.map((o) => o.status));
        expect([apart.states, apart.transitions, apart.maxDepth]).toEqual([whole.states, whole.transitions, whole.maxDepth]);
        apart.outcomes.forEach((o, i) => {
          const w = whole.outcomes[i]!;
          if (o.status !== 'violated' || w.status !== 'violated') return;
          expect(o.trace.actions.length).toBe(w.trace.actions.length);
          expect(o.trace.loopsFrom).toBe(w.trace.loopsFrom);
          expect(replay(model, o.trace.path)).toMatchObject({ ok: true, states: o.trace.states });
        });
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('agrees with the product when only safety is asked and it stops at the first violations', () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 2, maxLength: 3 }), (parts) => {
        const model = product(parts);
        const [bad] = properties(parts);
        const whole = explore(model, [bad]);
        const apart = explore(model, [bad], { independentParts: true });
        expect(apart.outcomes[0]!.status).toBe(whole.outcomes[0]!.status);
        const [o, w] = [apart.outcomes[0]!, whole.outcomes[0]!];
        if (o.status === 'violated' && w.status === 'violated') expect(o.trace.actions.length).toBe(w.trace.actions.length);
      }),
      { numRuns: 300, seed: 8 },
    );
  });
});
