/**
 * The engine's side of symmetry folding, on a toy whose representatives are NOT the states a
 * breadth-first search meets first, so a counterexample must be unfolded: two counters a and b,
 * swapped by the symmetry, each raised by one action; reaching 3 on either is the violation. The
 * packed form orders words so that the b-heavy state of each orbit is its representative, while
 * "raise a" comes first: the stored path to (0, 2) is "raise a, raise b", which on the real model
 * leads to (1, 1), not into (0, 2)'s orbit. The unfolded counterexample must be a real run.
 */
import { describe, expect, it } from 'vitest';
import { explore, replay, type Model, type SafetyProperty } from '../../src/checker/index.js';
import type { PackedModel, PackedSymmetry } from '../../src/checker/packed.js';

type S = { a: number; b: number };
type A = 'a' | 'b';
const TOP = 3;
const RAISED = 1;

const words = (s: S) => (s.a << 8) | s.b;
const unpack = (w: number): S => ({ a: w >>> 8, b: w & 0xff });

const symmetry: PackedSymmetry = {
  order: 2,
  orderFor: () => 2,
  canonicalize(ws, at) {
    const { a, b } = unpack(ws[at]!);
    const swapped = (b << 8) | a;
    const orbit = a === b ? 1 : 2;
    ws[at] = Math.min(ws[at]!, swapped);
    return orbit;
  },
};

class Counters implements Model<S, A> {
  constructor(private readonly folded: boolean) {}
  initialStates(): readonly S[] {
    return [{ a: 0, b: 0 }];
  }
  actions(s: S): readonly A[] {
    return [...(s.a < TOP ? ['a' as const] : []), ...(s.b < TOP ? ['b' as const] : [])];
  }
  next(s: S, action: A): S {
    return action === 'a' ? { a: s.a + 1, b: s.b } : { a: s.a, b: s.b + 1 };
  }
  fingerprint(s: S): string {
    return `${s.a},${s.b}`;
  }
  packed(): PackedModel<S> {
    const model = this;
    return {
      width: 1,
      halted: 1 << 30,
      initialCount: 1,
      maxSuccessors: 2,
      parts: 1,
      symmetry: this.folded ? symmetry : null,
      initial: (_i, out, at) => void (out[at] = 0),
      successors(state, at, out, labels, acts) {
        const s = unpack(state[at]!);
        const actions = model.actions(s);
        actions.forEach((action, k) => {
          const t = model.next(s, action);
          out[k] = words(t);
          labels[k] = Math.max(t.a, t.b) === TOP ? RAISED : 0;
          acts[k] = k;
        });
        return actions.length;
      },
      flags: () => 0,
      decode: (state, at) => unpack(state[at]!),
      partMask: () => Int32Array.of(-1),
    };
  }
}

const reachesTop: SafetyProperty<S, A> = {
  kind: 'safety',
  id: 'below-top',
  labels: RAISED,
  violation: (_from, action, to) => (action !== null && Math.max(to.a, to.b) === TOP ? `${action} reaches ${TOP}` : null),
};

describe('folding symmetric states in the engine', () => {
  const plain = explore(new Counters(false), [reachesTop], { stopEarly: false });
  const folded = explore(new Counters(true), [reachesTop], { stopEarly: false, symmetry: true });

  it('counts the unfolded graph and stores one state per orbit', () => {
    expect(plain.states).toBe(16);
    expect(folded.states).toBe(16);
    expect(folded.transitions).toBe(plain.transitions);
    expect(folded.symmetry).toEqual({ order: 2, statesStored: 10 });
  });

  it('unfolds the counterexample into a run of the model, as short as the unfolded search finds', () => {
    const p = folded.outcomes[0]!;
    const q = plain.outcomes[0]!;
    expect(p.status).toBe('violated');
    if (p.status !== 'violated' || q.status !== 'violated') return;
    expect(p.trace.actionIndices.length).toBe(q.trace.actionIndices.length);
    const run = replay(new Counters(false), p.trace.path);
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.states).toEqual(p.trace.states);
    expect(Math.max(run.states.at(-1)!.a, run.states.at(-1)!.b)).toBe(TOP);
    // The reason is the real last step's: raising a, which the run really does, not b.
    expect(p.reason).toBe(`${p.trace.actions.at(-1)} reaches ${TOP}`);
  });

  it('leaves the symmetry unused when liveness needs the whole graph', () => {
    const r = explore(new Counters(true), [reachesTop, { kind: 'liveness', id: 'never', goal: () => false, goalFlags: 1 }], { symmetry: true });
    expect(r.symmetry).toBeUndefined();
  });
});
