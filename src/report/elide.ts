/**
 * Long counterexamples, bounded in every report. A shortest counterexample can still run to
 * thousands of steps (a hop limit of 1000, many messages in turn), and a report that lists them
 * all grows with it: issue 17 measured 474 MB of JSON on one line and a SARIF document V8 could
 * not stringify. So text, JSON, SARIF, JUnit and the docs pages show the first and last steps and
 * say how many they leave out; every report carries the path, and `mxproof replay FILE PATH`
 * prints every step of it. Only the length is decided here; which steps a run holds is the
 * counterexample's business.
 */
import type { Counterexample, Step } from '../../properties/result.js';

/** Past this many steps the middle of a counterexample is left out. */
export const LONG_TRACE = 60;
/** Steps kept at each end of a counterexample whose middle is left out. */
export const KEEP = 24;

/** `count` steps are left out, numbered `from` to `to`. */
export interface Elision {
  from: number;
  to: number;
  count: number;
}

/** What a report shows of a counterexample: the steps kept, and the gap between them, if any. */
export interface ShownSteps {
  head: readonly Step[];
  elided: Elision | null;
  tail: readonly Step[];
}

export function shownSteps(cx: Counterexample, everyStep = false): ShownSteps {
  const total = cx.steps.length;
  if (everyStep || total <= LONG_TRACE) return { head: cx.steps, elided: null, tail: [] };
  return {
    head: cx.steps.slice(0, KEEP),
    elided: { from: cx.steps[KEEP]!.n, to: cx.steps[total - KEEP - 1]!.n, count: total - 2 * KEEP },
    tail: cx.steps.slice(total - KEEP),
  };
}

/**
 * The sentence standing for the steps left out, the same in every format. The path itself is in
 * each report beside the steps (it can be long: it is not repeated here).
 */
export function elisionNote(e: Elision): string {
  return `… ${e.count} more steps (${e.from} to ${e.to}) left out; mxproof replay FILE PATH prints every step …`;
}
