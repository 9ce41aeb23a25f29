/**
 * After fast-check's shrinking, a finding can still hold parts the violation does not need:
 * fast-check shrinks the generator's choices (a fault drawn for host index 3), not the file, and
 * stops at a local minimum of those. Here the written file is made 1-minimal greedily: the first
 * single removal (removals.ts, in file order) that keeps the violation is taken, and the search
 * starts over on the smaller file, until no single removal keeps it. Every candidate is re-checked
 * exhaustively; the order is fixed, so the same finding always minimizes to the same file.
 */
import type { Topology } from '../../models/topology/types.js';
import { eachRemoval, type Fixed, type Removal } from './removals.js';

export interface Minimized {
  topology: Topology;
  /** What was taken out after fast-check's shrinking, in order. */
  removed: string[];
  /** Single removals of the result, each checked: none keeps the violation. */
  finalRemovals: number;
}

export function minimize(topology: Topology, fixed: Fixed, breaks: (t: Topology) => boolean): Minimized {
  let current = topology;
  const removed: string[] = [];
  // Each step takes something out; only dropping `defaults` can write more lines (the hosts' own
  // software), and it cannot come back. The bound is a net for a bug, far above any finding's size.
  for (let round = 0; round < 10_000; round++) {
    // The first removal that keeps the violation, in file order; those after it are never loaded.
    let kept: Removal | undefined;
    let candidates = 0;
    for (const r of eachRemoval(current, fixed)) {
      if (r.topology === null) continue;
      candidates++;
      if (breaks(r.topology)) {
        kept = { what: r.what, topology: r.topology };
        break;
      }
    }
    if (kept === undefined) return { topology: current, removed, finalRemovals: candidates };
    removed.push(kept.what);
    current = kept.topology;
  }
  throw new Error('minimizing a finding did not end');
}
