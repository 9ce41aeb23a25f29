/** The oracle the laws compare counterexample lengths with: a plain breadth-first search over the model. */
import type { MailSystem } from '../../models/system/mailSystem.js';
import type { SystemState } from '../../models/system/types.js';

/** Steps to the nearest transition into a state `violates` objects to; -1 when none. */
export function shortestViolation(system: MailSystem, violates: (to: SystemState) => boolean): number {
  const [initial] = system.initialStates();
  const seen = new Set([system.fingerprint(initial!)]);
  let frontier = [initial!];
  for (let depth = 1; frontier.length > 0; depth++) {
    const next: SystemState[] = [];
    for (const s of frontier) {
      for (const a of system.actions(s)) {
        const to = system.next(s, a);
        if (violates(to)) return depth;
        const fp = system.fingerprint(to);
        if (!seen.has(fp)) {
          seen.add(fp);
          next.push(to);
        }
      }
    }
    frontier = next;
  }
  return -1;
}
