/**
 * The product checker against the product itself, on a domain-free model: a few small random
 * graphs stepping independently (a state is one node per graph and the environment bits), with
 * halting nodes that stop everything, goal nodes closed under successors, bad edges, and edges
 * that read an environment bit — where they lead depends on it — while each bit flips freely, as
 * transient faults do for messages. Exploring the parts apart must give the verdicts, the states
 * and transitions (and the depth, where it is given) and safety counterexamples of the same length
 * as exploring their product, and every counterexample must replay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore, replay, type LivenessProperty, type Model, type SafetyProperty } from '../../src/checker/index.js';
import type { PackedModel } from '../../src/checker/packed.js';

/** An edge from `from` to `up`, or to `down` when environment bit `bit` is set (-1: reads none). */
interface Edge {
  from: number;
  up: number;
  down: number;
  bit: number;
}

interface Part {
  n: number;
  edges: Edge[];
  halting: boolean[];
  goal: boolean[];
  bad: boolean[];
}

const HALT = 1 << 30;
const GOAL = 1;
type Action = { part: number; edge: number } | { part: -1; bit: number };

const out = (p: Part, v: number) => p.edges.map((e, i) => ({ e, i })).filter(({ e }) => e.from === v);
const readsOf = (p: Part) => [...new Set(p.edges.map((e) => e.bit).filter((b) => b >= 0))].sort((a, b) => a - b);

/** The product of `parts` with `bits` environment bits; a state is the parts' nodes, then the bits as one number. */
function product(parts: Part[], bits: number): Model<number[], Action> {
  const P = parts.length;
  const halted = (s: number[]) => s.slice(0, P).some((v, q) => parts[q]!.halting[v]);
  const target = (e: Edge, env: number) => (e.bit >= 0 && ((env >> e.bit) & 1) === 1 ? e.down : e.up);
  const actions = (s: number[]): Action[] =>
    halted(s)
      ? []
      : [...parts.flatMap((p, q) => out(p, s[q]!).map(({ i }): Action => ({ part: q, edge: i }))), ...Array.from({ length: bits }, (_, bit): Action => ({ part: -1, bit }))];
  const next = (s: number[], a: Action): number[] => {
    const t = s.slice();
    if (a.part < 0) t[P] = s[P]! ^ (1 << (a as { bit: number }).bit);
    else t[a.part] = target(parts[a.part]!.edges[(a as { edge: number }).edge]!, s[P]!);
    return t;
  };
  const flagsOf = (s: number[], only: number) => {
    let f = GOAL;
    s.slice(0, P).forEach((v, q) => {
      if (only >= 0 && q !== only) return;
      if (parts[q]!.halting[v]) f |= HALT;
      if (!parts[q]!.goal[v]) f &= ~GOAL;
    });
    return f;
  };
  const width = P + 1;
  const packed: PackedModel<number[]> = {
    width,
    halted: HALT,
    initialCount: 1,
    initial: (_i, o, at) => o.fill(0, at, at + width),
    maxSuccessors: parts.reduce((sum, p) => sum + p.edges.length, bits),
    successors(state, at, o, labels, acts, only) {
      const s = [...state.subarray(at, at + width)];
      let n = 0;
      actions(s).forEach((a, k) => {
        if (only >= 0 && (a.part >= 0 ? a.part !== only : !readsOf(parts[only]!).includes((a as { bit: number }).bit))) return;
        o.set(next(s, a), n * width);
        labels[n] = a.part >= 0 && parts[a.part]!.bad[(a as { edge: number }).edge] ? 1 : 0;
        acts[n++] = k;
      });
      return n;
    },
    flags: (state, at, only) => flagsOf([...state.subarray(at, at + width)], only),
    decode: (state, at) => [...state.subarray(at, at + width)],
    parts: P,
    partMask: (q) => Int32Array.from({ length: width }, (_, i) => (i === q ? -1 : 0)),
    environment: { bits, readsOf: (q) => readsOf(parts[q]!), value: (state, at, bit) => (state[at + P]! >> bit) & 1 },
  };
  return {
    initialStates: () => [new Array<number>(width).fill(0)],
    actions,
    next,
    fingerprint: (s) => s.join(','),
    packed: () => packed,
  };
}

const part = (bits: number): fc.Arbitrary<Part> =>
  fc
    .record({
      n: fc.integer({ min: 1, max: 4 }),
      edges: fc.array(fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.oneof(fc.constant(-1), fc.nat(bits - 1), fc.nat(bits - 1))), { maxLength: 6 }),
      halting: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      goalSeeds: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      bad: fc.array(fc.nat(9), { maxLength: 2 }),
    })
    .map(({ n, edges, halting, goalSeeds, bad }) => {
      const halt = halting.map((h, v) => h && v > 0 && v < n);
      const es = edges
        .map(([from, up, down, bit]) => ({ from: from % n, up: up % n, down: bit < 0 ? up % n : down % n, bit }))
        .filter((e) => !halt[e.from]!);
      const goal = goalSeeds.slice(0, n).map((g, v) => g && v > 0);
      for (let changed = true; changed; ) {
        changed = false;
        for (const e of es) {
          for (const to of [e.up, e.down]) if (goal[e.from] && !goal[to]) changed = goal[to] = true;
        }
      }
      return { n, edges: es, halting: halt, goal, bad: es.map((_, i) => bad.includes(i)) };
    });

/** Two or three parts over zero to two environment bits. */
const system = fc.integer({ min: 0, max: 2 }).chain((bits) => fc.tuple(fc.constant(bits), fc.array(part(Math.max(bits, 1)), { minLength: 2, maxLength: 3 })));

function properties(parts: Part[]): [SafetyProperty<number[], Action>, LivenessProperty<number[]>] {
  const P = parts.length;
  return [
    {
      kind: 'safety',
      id: 'no-bad-edge',
      labels: 1,
      partwise: true,
      violation: (_f, a) => (a !== null && a.part >= 0 && parts[a.part]!.bad[(a as { edge: number }).edge] ? 'bad edge' : null),
    },
    {
      kind: 'liveness',
      id: 'reach-goal',
      goalFlags: HALT | GOAL,
      partwise: true,
      goal: (s) => s.slice(0, P).some((v, q) => parts[q]!.halting[v]) || s.slice(0, P).every((v, q) => parts[q]!.goal[v]),
    },
  ];
}

/** Parts reading bits no other part reads must not be what every case draws: counted below. */
const sharing = (parts: Part[]) => {
  const reads = parts.flatMap(readsOf);
  return new Set(reads).size < reads.length;
};

describe('checking parts apart', () => {
  it('agrees with the product on verdicts, figures and counterexample lengths', () => {
    const seen = { cases: 0, shared: 0, depths: 0, lassos: 0 };
    fc.assert(
      fc.property(system, ([bits, drawn]) => {
        // Edges drawn for bit 0 of a system without bits read none.
        const parts = bits === 0 ? drawn.map((p) => ({ ...p, edges: p.edges.map((e) => ({ ...e, bit: -1, down: e.up })) })) : drawn;
        const model = product(parts, bits);
        const props = properties(parts);
        const whole = explore(model, props);
        const apart = explore(model, props, { independentParts: true });
        seen.cases++;
        if (sharing(parts)) seen.shared++;
        expect(apart.parts?.count).toBe(parts.length);
        expect(apart.outcomes.map((o) => o.status)).toEqual(whole.outcomes.map((o) => o.status));
        expect([apart.states, apart.transitions]).toEqual([whole.states, whole.transitions]);
        if (apart.maxDepth !== null) {
          expect(apart.maxDepth).toBe(whole.maxDepth);
          seen.depths++;
        } else expect(sharing(parts)).toBe(true);
        apart.outcomes.forEach((o, i) => {
          const w = whole.outcomes[i]!;
          if (o.status !== 'violated' || w.status !== 'violated') return;
          expect(replay(model, o.trace.path)).toMatchObject({ ok: true, states: o.trace.states });
          if (i === 0) expect(o.trace.actions.length).toBe(w.trace.actions.length);
          else {
            seen.lassos++;
            // Without shared bits the lasso is the product's own shape: same prefix, same loop start.
            if (!sharing(parts)) {
              expect(o.trace.actions.length).toBe(w.trace.actions.length);
              expect(o.trace.loopsFrom).toBe(w.trace.loopsFrom);
            }
            if (o.trace.loopsFrom !== null) expect(model.fingerprint(o.trace.states.at(-1)!)).toBe(model.fingerprint(o.trace.states[o.trace.loopsFrom]!));
          }
        });
      }),
      { numRuns: 600, seed: 7 },
    );
    expect(seen.shared).toBeGreaterThan(150);
    expect(seen.depths).toBeGreaterThan(200);
    expect(seen.lassos).toBeGreaterThan(150);
  });

  it('agrees with the product when only safety is asked and it stops at the first violations', () => {
    fc.assert(
      fc.property(system, ([bits, drawn]) => {
        const parts = bits === 0 ? drawn.map((p) => ({ ...p, edges: p.edges.map((e) => ({ ...e, bit: -1, down: e.up })) })) : drawn;
        const model = product(parts, bits);
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

  it('explores the product whole when a property is not judged part by part', () => {
    const parts: Part[] = [0, 1].map(() => ({ n: 2, edges: [{ from: 0, up: 1, down: 1, bit: 0 }], halting: [false, false], goal: [false, true], bad: [false] }));
    const model = product(parts, 1);
    const [, reach] = properties(parts);
    expect(explore(model, [reach], { independentParts: true }).parts?.count).toBe(2);
    expect(explore(model, [{ ...reach, partwise: false }], { independentParts: true }).parts).toBeUndefined();
  });
});
