/**
 * Budgets outside the explore loop. The loops poll time, memory and the interrupt flag every 1024
 * expansions; the work before them — loading a file, building tables and machines, packing the
 * model — asks the same questions here, between its stages, so a budget holds for the whole
 * command and not only for the search.
 */
import type { ExploreOptions, ExploreResult, StopReason } from './result.js';

type Budget = Pick<ExploreOptions, 'timeoutMs' | 'startedAt' | 'now' | 'maxMemoryBytes' | 'memoryUsed' | 'interrupted'>;

/**
 * The budget already spent, or null. The state budget is not asked: no state is stored before
 * exploring. Without `startedAt` the time budget cannot have run out yet.
 */
export function budgetSpent(budget: Budget): StopReason | null {
  if (budget.interrupted?.() === true) return 'interrupted';
  if (budget.timeoutMs !== undefined && budget.startedAt !== undefined) {
    const now = budget.now ?? (() => performance.now());
    if (now() - budget.startedAt >= budget.timeoutMs) return 'timeout';
  }
  if (budget.maxMemoryBytes !== undefined && budget.memoryUsed !== undefined && budget.memoryUsed() > budget.maxMemoryBytes) return 'max-memory';
  return null;
}

/** The result of a run a spent budget kept from starting: nothing explored, every verdict open. */
export function unexplored<S, A>(ids: readonly string[], stopReason: StopReason, durationMs: number): ExploreResult<S, A> {
  return {
    engine: 'none',
    complete: false,
    stoppedEarly: false,
    stopReason,
    states: 0,
    transitions: 0,
    maxDepth: 0,
    durationMs,
    outcomes: ids.map((id) => ({ id, status: 'inconclusive' })),
  };
}
