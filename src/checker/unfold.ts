/**
 * Counterexamples of a folded run (ExploreOptions.symmetry). The store's path runs through orbit
 * representatives, and each stored action is an action of a representative, not of the state the
 * model actually reaches. Because the group maps the graph onto itself and fixes the initial
 * state, some successor of the real state at each step lies in the next representative's orbit:
 * follow those, step by step, from the real initial state. The run has the same length as the
 * folded one (so it is still a shortest counterexample), replays on the model as written, and its
 * reason is recomputed on the real last step, so it names the hosts the run really passes.
 */
import type { Model, SafetyProperty } from './model.js';
import type { PackedModel, PackedSymmetry } from './packed.js';
import type { PackedStore } from './packedStore.js';
import type { Trace } from './result.js';
import { makeTrace } from './trace.js';
import type { Violation } from './safety.js';

export function unfoldViolation<S, A>(
  model: Model<S, A>,
  packed: PackedModel<S>,
  symmetry: PackedSymmetry,
  store: PackedStore,
  part: number,
  v: Violation<S>,
  property: SafetyProperty<S, A>,
): { reason: string; trace: Trace<S, A> } {
  // An initial state is fixed by every element of the group: nothing to unfold.
  if (v.from < 0) return { reason: v.reason, trace: makeTrace(model, v.actionIndex, [v.to], [], null) };
  const { width } = packed;
  const out = new Int32Array(packed.maxSuccessors * width);
  const labels = new Int32Array(packed.maxSuccessors);
  const acts = new Int32Array(packed.maxSuccessors);
  const image = new Int32Array(width);
  const inOrbitOf = (k: number, target: Int32Array, at: number): boolean => {
    image.set(out.subarray(k * width, k * width + width));
    symmetry.canonicalize(image, 0, part);
    for (let w = 0; w < width; w++) if (image[w] !== target[at + w]) return false;
    return true;
  };

  // The representative the bad step leads to.
  const last = new Int32Array(width);
  const m = packed.successors(store.words, v.from * width, out, labels, acts, part);
  let bad = -1;
  for (let k = 0; k < m && bad < 0; k++) if (acts[k] === v.actionIndex) bad = k;
  last.set(out.subarray(bad * width, bad * width + width));
  symmetry.canonicalize(last, 0, part);

  const path = store.pathTo(v.from);
  let current = new Int32Array(width);
  packed.initial(path.initial, current, 0);
  const states: S[] = [model.initialStates()[path.initial]!];
  const actionIndices: number[] = [];
  /** Takes successor `k`; `to` is its model state when already made. */
  const take = (k: number, to?: S): void => {
    const from = states.at(-1)!;
    states.push(to ?? model.next(from, model.actions(from)[acts[k]!]!));
    actionIndices.push(acts[k]!);
    current = out.slice(k * width, k * width + width);
  };
  for (let i = 1; i < path.ids.length; i++) {
    const n = packed.successors(current, 0, out, labels, acts, part);
    let k = 0;
    while (k < n && !inOrbitOf(k, store.words, path.ids[i]! * width)) k++;
    if (k === n) throw new Error('symmetry: a folded path has no real counterpart (the group is not an automorphism)');
    take(k);
  }
  // The last step: a successor in the bad state's orbit whose transition violates the property.
  const n = packed.successors(current, 0, out, labels, acts, part);
  for (let k = 0; k < n; k++) {
    if ((labels[k]! & (property.labels ?? -1)) === 0 || !inOrbitOf(k, last, 0)) continue;
    const from = states.at(-1)!;
    const action = model.actions(from)[acts[k]!]!;
    const to = model.next(from, action);
    const reason = property.violation(from, action, to);
    if (reason === null) continue;
    take(k, to);
    return { reason, trace: makeTrace(model, path.initial, states, actionIndices, null) };
  }
  throw new Error('symmetry: a folded violation has no real counterpart (the group is not an automorphism)');
}
