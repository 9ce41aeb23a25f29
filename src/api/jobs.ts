/** How many threads `explore` and `check` use by default. */
import { availableParallelism } from 'node:os';

/**
 * One core fewer than the machine has: a single-threaded explore already keeps about one more core
 * busy with V8's background compiler and garbage collector (4.5 s of process CPU for 2.2 s on the
 * main thread), so on 2 cores a second worker only competes with them — measured idle, mailhop-relay
 * 940 topologies: 3.45 s with 1 thread, 3.65 s with 2. A check is the same engine, so `check`
 * follows the same rule.
 */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism() - 1);
}
