/**
 * The default state budget of every command that checks. Without a budget a run still stops,
 * inconclusive, before it can exhaust memory. A stored state costs 23–32 bytes, and about 45 more
 * with the transitions kept when liveness is checked (docs/performance.md: 8.5 M states with all
 * seven properties took 655 MB), so ten million states stay under about a gigabyte while covering
 * every topology of the benchmark ladder. Raise it with `maxStates` / `--max-states`.
 */
export const DEFAULT_MAX_STATES = 10_000_000;

/**
 * The default memory budget, in MiB the check may grow the process's resident memory by: the
 * state budget bounds states, this bounds everything else too (a file whose few states each hold
 * thousands of messages, the parts of a product, set-up). Past it the run stops, inconclusive.
 */
export const DEFAULT_MAX_MEMORY_MB = 1024;

/** What this thread's checks measure their memory in: resident memory unless measureThreadOnly() was called. */
let measure = (): number => process.memoryUsage.rss();

/**
 * Several checks at once in one process (`check --jobs`, src/cli/checkPool.ts) share its resident
 * memory: measured by it, each would count the others' growth and stop early, with verdicts the
 * same files checked one after another do not have. A worker of that pool measures its own heap
 * and buffers instead (in a worker thread they are the thread's, not the process's), so each check
 * has the whole budget, as it would alone.
 */
export function measureThreadOnly(): void {
  measure = () => {
    const used = process.memoryUsage();
    return used.heapTotal + used.external;
  };
}

/** Memory grown since this call: what a check's memory budget is measured in. */
export function memoryGrowth(): () => number {
  const start = measure();
  return () => measure() - start;
}
