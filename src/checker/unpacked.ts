/**
 * The object engine: the breadth-first loop (breadthFirst.ts) over the model's own states, stored
 * by fingerprint (store.ts). Every safety property is asked of every initial state and every
 * transition; liveness is judged on the explored graph once the space is exhausted. The engine
 * of a model without a packed form, or of properties that cannot be judged on one.
 */
import { breadthFirst, type Frontier, type Halt } from './breadthFirst.js';
import type { IntVec } from './intvec.js';
import { judgeLiveness, splitByKind } from './liveness.js';
import type { Model, Property, SafetyProperty } from './model.js';
import type { ExploreOptions, ExploreResult, PropertyOutcome } from './result.js';
import { EVERY_STEP, PendingSafety, type Violation } from './safety.js';
import { StateStore } from './store.js';
import { makeTrace } from './trace.js';

class ObjectFrontier<S, A> implements Frontier {
  readonly store = new StateStore<S>();
  transitions = 0;
  private readonly initials: readonly S[];

  constructor(
    private readonly model: Model<S, A>,
    readonly safety: PendingSafety<S, A>,
    private readonly maxStates: number,
  ) {
    this.initials = model.initialStates();
  }

  get size(): number {
    return this.store.size;
  }

  seed(i: number): Halt {
    const state = this.initials[i]!;
    const fingerprint = this.model.fingerprint(state);
    if (this.store.idOf(fingerprint) !== undefined) return null;
    this.safety.judge(EVERY_STEP, null, null, state, -1, i, 0);
    if (this.safety.decided) return 'decided';
    if (this.store.size >= this.maxStates) return 'max-states';
    this.store.add(fingerprint, state, -1, i);
    return null;
  }

  expand(from: number, depth: number, targets: IntVec | null): Halt {
    const { model, store, safety } = this;
    const state = store.states[from]!;
    const actions = model.actions(state);
    for (let k = 0; k < actions.length; k++) {
      const action = actions[k]!;
      const next = model.next(state, action);
      this.transitions++;
      safety.judge(EVERY_STEP, state, action, next, from, k, depth + 1);
      if (safety.decided) return 'decided';
      const fingerprint = model.fingerprint(next);
      let to = store.idOf(fingerprint);
      if (to === undefined) {
        if (store.size >= this.maxStates) return 'max-states';
        to = store.add(fingerprint, next, from, k);
      }
      targets?.push(to);
    }
    return null;
  }

  /** The counterexample of a first violation: the stored path to `from`, then the bad step. */
  trace(v: Violation<S>) {
    if (v.from < 0) return makeTrace(this.model, v.actionIndex, [v.to], [], null);
    const path = this.store.pathTo(v.from);
    const states: S[] = path.ids.map((id) => this.store.states[id] as S);
    states.push(v.to);
    return makeTrace(this.model, path.initial, states, [...path.actionIndices, v.actionIndex], null);
  }
}

export function exploreUnpacked<S, A>(model: Model<S, A>, properties: readonly Property<S, A>[], options: ExploreOptions = {}): ExploreResult<S, A> {
  const now = options.now ?? (() => performance.now());
  const started = options.startedAt ?? now();
  const { safety, liveness } = splitByKind(properties);
  const mayStopEarly = (options.stopEarly ?? true) && safety.length > 0 && liveness.length === 0;
  const pending = new PendingSafety<S, A>(safety.map((s) => s.property as SafetyProperty<S, A>), mayStopEarly);
  const frontier = new ObjectFrontier(model, pending, options.maxStates ?? Infinity);
  const run = breadthFirst(frontier, model.initialStates().length, { ...options, now, startedAt: started, keepGraph: liveness.length > 0 });
  const { store } = frontier;

  // Exhausted (`stop === null`): every verdict is final. Decided early: all were violated anyway.
  const exhausted = run.stop === null;
  const outcomes: PropertyOutcome<S, A>[] = new Array(properties.length);
  safety.forEach(({ at, property }, i) => {
    const v = pending.violations[i];
    if (v !== undefined) outcomes[at] = { id: property.id, status: 'violated', reason: v.reason, trace: frontier.trace(v) };
    else outcomes[at] = { id: property.id, status: exhausted ? 'holds' : 'inconclusive' };
  });
  if (liveness.length > 0) {
    const judged = exhausted
      ? judgeLiveness(model, run.graph!, run.roots, liveness, {
          isGoal: (property, id) => property.goal(store.states[id]!),
          initialOf: (root) => store.viaOf(root),
          statesAlong: (ids) => ids.map((id) => store.states[id]!),
        })
      : liveness.map(({ at, property }) => ({ at, outcome: { id: property.id, status: 'inconclusive' } as const }));
    for (const { at, outcome } of judged) outcomes[at] = outcome;
  }

  const result: ExploreResult<S, A> = {
    engine: 'unpacked',
    complete: run.stop === null || run.stop === 'decided',
    stoppedEarly: run.stop === 'decided',
    states: store.size,
    transitions: frontier.transitions,
    maxDepth: run.maxDepth,
    durationMs: now() - started,
    outcomes,
  };
  if (run.stop !== null && run.stop !== 'decided') result.stopReason = run.stop;
  if (options.keepFingerprints) result.fingerprints = store.fingerprints();
  return result;
}
