/**
 * A counterexample in the JSON report (json.ts): its steps, loop and path, the middle left out
 * past LONG_TRACE steps (elide.ts). Apart from json.ts because the failure sweep's JSON
 * (failures.ts), which json.ts includes, writes counterexamples too.
 */
import type { Counterexample, Step } from '../../properties/result.js';
import { shownSteps, type Elision } from './elide.js';

export interface JsonStep {
  n: number;
  kind: Step['kind'];
  message: number | null;
  from: string;
  to: string | null;
  depth: number;
  text: string;
  details: string[];
  repeats: number | null;
}

export interface JsonCounterexample {
  /** Every step, or past LONG_TRACE (elide.ts) the first and last ones: `elided` says which are left out. */
  steps: JsonStep[];
  loopsFrom: number | null;
  path: string | null;
  /** The steps left out between those listed, or null when every step is listed; `mxproof replay` prints them. */
  elided: Elision | null;
}

function step(s: Step): JsonStep {
  return { n: s.n, kind: s.kind, message: s.message, from: s.from, to: s.to, depth: s.depth, text: s.text, details: s.details, repeats: s.repeats ?? null };
}

/** A counterexample with its middle left out past LONG_TRACE steps, unless `everyStep` (replay). */
export function counterexample(c: Counterexample, everyStep = false): JsonCounterexample {
  const { head, elided, tail } = shownSteps(c, everyStep);
  return { steps: [...head, ...tail].map(step), loopsFrom: c.loopsFrom, path: c.path, elided };
}
