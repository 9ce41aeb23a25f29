/**
 * The steps a human report shows of a counterexample: those its violation needs (the messages it
 * is about and the fault flips they see, chosen and replayed on the model in properties/focus.ts),
 * unless the reader asked for every step (`--all-steps`). Steps keep their numbers, so a shown step
 * is the same step in `--all-steps`, in JSON and in the full path's replay; the note says how many
 * were left out and how to see them. JSON, SARIF and JUnit always carry every step.
 */
import type { Counterexample } from '../../properties/result.js';

export interface RelevantSteps {
  /** The counterexample as shown: its steps those kept, `loopsFrom` the kept step the cycle starts at. */
  cx: Counterexample;
  /** What was left out, as a sentence for the end of the steps; null when every step is shown. */
  note: string | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function relevantSteps(cx: Counterexample, allSteps = false): RelevantSteps {
  const focus = cx.focus;
  if (allSteps || focus === undefined) return { cx, note: null };
  const kept = new Set(focus.steps);
  const steps = cx.steps.filter((s) => kept.has(s.n));
  const left = cx.steps.filter((s) => !kept.has(s.n));
  if (left.length === 0) return { cx, note: null };
  const others = left.filter((s) => s.message !== null && !focus.messages.includes(s.message)).length;
  const faults = left.filter((s) => s.message === null).length;
  const own = left.length - others - faults;
  const parts = [others > 0 ? `${others} of other messages` : '', faults > 0 ? plural(faults, 'fault flip') : '', own > 0 ? plural(own, 'repeat') : ''].filter((p) => p !== '');
  const listed = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  const about = focus.recipients.map((r) => `<${r}>`).join(' and ');
  const note =
    `${left.length} of ${cx.steps.length} steps left out: ${listed} the mail for ${about} does not need; ` +
    `--all-steps shows every step, and the ${plural(steps.length, 'step')} shown replay alone as path ${focus.path}`;
  return { cx: { steps, loopsFrom: focus.loopsFrom, path: cx.path }, note };
}
