/**
 * The default state budget of every command that checks. Without a budget a run still stops,
 * inconclusive, before it can exhaust memory. A stored state costs 23–32 bytes, and about 45 more
 * with the transitions kept when liveness is checked (docs/performance.md: 8.5 M states with all
 * seven properties took 655 MB), so ten million states stay under about a gigabyte while covering
 * every topology of the benchmark ladder. Raise it with `maxStates` / `--max-states`.
 */
export const DEFAULT_MAX_STATES = 10_000_000;
