/**
 * What a report shows under a property: its counterexample, or — for a static property that found
 * several problems — each problem with its own steps, so no problem hides behind the first. One
 * problem reads exactly as a counterexample always did.
 */
import type { Counterexample, PropertyResult } from '../../properties/result.js';

export interface ShownRun {
  /** `counterexample`, or `problem 2 of 3`. */
  title: string;
  /** What this run shows is wrong (the property's reason for a counterexample). */
  reason: string | undefined;
  /** JSON pointer of the part of the file it involves. */
  pointer: string | undefined;
  counterexample: Counterexample;
  /** True for one of several problems: reports then say where each one is. */
  oneOfMany: boolean;
}

export function shownRuns(p: PropertyResult): ShownRun[] {
  const problems = p.problems ?? [];
  if (problems.length > 1) {
    return problems.map((q, i) => ({ title: `problem ${i + 1} of ${problems.length}`, reason: q.reason, pointer: q.pointer, counterexample: q.counterexample, oneOfMany: true }));
  }
  if (p.counterexample === undefined) return [];
  return [{ title: 'counterexample', reason: p.reason, pointer: p.pointer, counterexample: p.counterexample, oneOfMany: false }];
}

/** ` (and 2 more problems)` after the first problem's reason, or nothing when there is one. */
export function moreProblems(p: PropertyResult): string {
  const more = (p.problems?.length ?? 0) - 1;
  return more <= 0 ? '' : ` (and ${more} more problem${more === 1 ? '' : 's'})`;
}
