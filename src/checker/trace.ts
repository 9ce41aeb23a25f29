/**
 * Builds a `Trace` from the states of a run and the action indices between them. Actions are not
 * stored during exploration (that would cost memory on every state); they are looked up again here,
 * which the model contract allows because `actions` lists the same actions in the same order for
 * the same state.
 */
import type { Model } from './model.js';
import { encodePath } from './path.js';
import type { Trace } from './result.js';

export function makeTrace<S, A>(
  model: Model<S, A>,
  initial: number,
  states: S[],
  actionIndices: number[],
  loopsFrom: number | null,
): Trace<S, A> {
  const actions: A[] = [];
  for (let i = 0; i < actionIndices.length; i++) {
    const action = model.actions(states[i]!)[actionIndices[i]!];
    if (action === undefined) {
      // Only a model whose `actions` is not deterministic can get here; say so rather than lie.
      throw new Error(`model.actions() changed between exploration and trace building (step ${i})`);
    }
    actions.push(action);
  }
  return { initial, states, actions, actionIndices, loopsFrom, path: encodePath(initial, actionIndices) };
}
