/**
 * Judges every liveness property on a fully explored graph and turns the lassos found into traces
 * of model states: one judgement for every engine, which says only how its stored states read
 * (`LivenessView`). The components are computed once and shared by all properties.
 */
import { LassoFinder, type Graph } from './lasso.js';
import type { LivenessProperty, Model, Property, SafetyProperty } from './model.js';
import type { PropertyOutcome } from './result.js';
import { makeTrace } from './trace.js';

/** Why a liveness property failed, as every explorer (object, packed, product) says it. */
export const BOTTOM_REASON = 'a bottom component with no goal state is reachable';
export const DEADLOCK_REASON = 'a state with no successor and no goal state is reachable';

/** The explored states as the judgement reads them. */
export interface LivenessView<S> {
  /** Whether stored state `id` is a goal state of `property`. */
  isGoal(property: LivenessProperty<S>, id: number): boolean;
  /** The initial index of root `id`. */
  initialOf(id: number): number;
  /** The model states along `ids`, a run from a root: each id a successor of the one before. */
  statesAlong(ids: readonly number[]): S[];
}

/** `roots` counts the initial states, which were stored first and so hold ids `0 .. roots - 1`. */
export function judgeLiveness<S, A>(
  model: Model<S, A>,
  graph: Graph,
  roots: number,
  properties: readonly { at: number; property: LivenessProperty<S> }[],
  view: LivenessView<S>,
): { at: number; outcome: PropertyOutcome<S, A> }[] {
  const n = graph.offsets.length - 1;
  const finder = new LassoFinder(graph, roots);
  const isGoal = new Uint8Array(n);

  return properties.map(({ at, property }) => {
    for (let v = 0; v < n; v++) isGoal[v] = view.isGoal(property, v) ? 1 : 0;
    const lasso = finder.find(isGoal);
    if (lasso === null) return { at, outcome: { id: property.id, status: 'holds' } };
    const trace = makeTrace(model, view.initialOf(lasso.ids[0]!), view.statesAlong(lasso.ids), lasso.actionIndices, lasso.loopsFrom);
    const reason = lasso.loopsFrom === null ? DEADLOCK_REASON : BOTTOM_REASON;
    return { at, outcome: { id: property.id, status: 'violated', reason, trace } };
  });
}

/** Properties by kind, each with its position in the list given (outcomes keep that order). */
export function splitByKind<S, A>(properties: readonly Property<S, A>[]): {
  safety: { at: number; property: SafetyProperty<S, A> }[];
  liveness: { at: number; property: LivenessProperty<S> }[];
} {
  const safety: { at: number; property: SafetyProperty<S, A> }[] = [];
  const liveness: { at: number; property: LivenessProperty<S> }[] = [];
  properties.forEach((property, at) => {
    if (property.kind === 'safety') safety.push({ at, property });
    else liveness.push({ at, property });
  });
  return { safety, liveness };
}
