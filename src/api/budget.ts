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

/** Resident memory grown since this call: what a check's memory budget is measured in. */
export function memoryGrowth(): () => number {
  const start = process.memoryUsage.rss();
  return () => process.memoryUsage.rss() - start;
}
