/** Narrowing helpers so tests read as sentences and fail loudly on the wrong outcome. */
import { expect } from 'vitest';
import type { ExploreResult, PropertyOutcome, Trace } from '../../src/checker/index.js';

export function outcomeOf<S, A>(result: ExploreResult<S, A>, id: string): PropertyOutcome<S, A> {
  const outcome = result.outcomes.find((o) => o.id === id);
  if (outcome === undefined) throw new Error(`no outcome for ${id}`);
  return outcome;
}

export function traceOf<S, A>(result: ExploreResult<S, A>, id: string): Trace<S, A> {
  const outcome = outcomeOf(result, id);
  expect(outcome.status).toBe('violated');
  if (outcome.status !== 'violated') throw new Error('unreachable');
  return outcome.trace;
}
