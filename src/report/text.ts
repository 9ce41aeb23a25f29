/**
 * The text report: a verdict line per property, then each counterexample as numbered SMTP steps,
 * call-aheads indented under the session that caused them, and the part that repeats marked.
 * Pure: returns a string; the CLI prints it.
 */
import type { SourcePos } from '../../models/topology/types.js';
import type { CheckResult, Counterexample, PropertyResult, Step } from '../../properties/result.js';
import { isFailure } from '../../properties/result.js';
import { PLAIN, type Palette } from './color.js';
import { visible, visibleDeep } from './escape.js';
import { elisionNote, shownSteps } from './elide.js';
import { locate } from './locate.js';
import { relevantSteps } from './relevantSteps.js';
import { moreProblems, shownRuns } from './runs.js';

const MARK = { ok: '✓', bad: '✗', unknown: '?' } as const;

function mark(p: PropertyResult, c: Palette): string {
  if (p.verdict === 'inconclusive' && p.expected !== 'inconclusive') return c.warn(MARK.unknown);
  return isFailure(p) ? c.bad(MARK.bad) : c.ok(MARK.ok);
}

function verdictLine(p: PropertyResult, width: number, c: Palette): string {
  const expected = p.expected === undefined ? '' : p.expected === p.verdict ? ' (as expected)' : ` (expected ${p.expected})`;
  const reason = p.reason !== undefined && p.verdict !== 'holds' ? `  ${p.reason}${moreProblems(p)}` : '';
  const verdict = isFailure(p) ? c.bad(p.verdict) : p.verdict === 'inconclusive' ? c.warn(p.verdict) : p.verdict;
  return `  ${mark(p, c)} ${p.id.padEnd(width)}  ${verdict}${expected}${reason}`;
}

/** Escaped by renderStep as each step is printed, not copied ahead of time. */
export const COUNTEREXAMPLES: ReadonlySet<string> = new Set(['counterexample']);

/** One line for a step, without its number: who does what to whom. */
export function stepHead(step: Step): string {
  let head: string;
  if (step.kind === 'reply' && step.to !== null) head = `${step.to} ← ${step.from}: ${step.text}`;
  else if (step.to !== null && step.kind === 'command') head = `${step.from} → ${step.to}: ${step.text}`;
  else head = `${step.from} ${step.text}`;
  if (step.repeats !== undefined) head += `   ↺ repeats step ${step.repeats}`;
  return head;
}

export function renderStep(step: Step): string[] {
  const indent = '  '.repeat(step.depth);
  const num = `${String(step.n).padStart(4)}. `;
  // Names and addresses come from the file: escaped line by line, so none can drive the terminal.
  const head = visible(stepHead(step));
  const pad = ' '.repeat(num.length) + indent + '   ';
  return [num + indent + head, ...step.details.map((d) => pad + visible(d))];
}

export interface CounterexampleOptions {
  /** Every step: the other messages' steps and the fault flips too, and no elided middle (`--all-steps`). */
  allSteps?: boolean;
}

/**
 * A counterexample as numbered lines: by default the steps its violation needs (relevantSteps.ts),
 * each under its own number, with a line saying what was left out; past LONG_TRACE steps their
 * middle is left out too (elide.ts).
 */
export function renderCounterexample(full: Counterexample, options: CounterexampleOptions = {}): string[] {
  const { cx, note } = relevantSteps(full, options.allSteps === true);
  const lines: string[] = [];
  const { head, elided, tail } = shownSteps(cx, options.allSteps === true);
  const render = (step: Step) => {
    if (cx.loopsFrom === step.n) lines.push(`      ┌─ from here the run repeats forever ─`);
    lines.push(...renderStep(step));
  };
  head.forEach(render);
  if (elided !== null) lines.push(`      ${elisionNote(elided)}`);
  tail.forEach(render);
  if (cx.loopsFrom !== null) lines.push(`      └─ … and from step ${cx.loopsFrom} it repeats`);
  if (note !== null) lines.push(`      (${visible(note)})`);
  return lines;
}

/** "255 states", every digit, however many messages multiply it. */
export function countOf(s: CheckResult['stats'], what: 'states' | 'transitions'): string {
  return `${s[what]} ${what}`;
}

/** What the reductions stored, when less than every state: "(2345264 stored; mx1 = mx2 = mx3 folded)". */
function storedNote(s: CheckResult['stats']): string {
  if (s.statesStored === undefined) return '';
  const folded = (s.symmetricHosts ?? []).map((c) => `; ${c.join(' = ')} folded`).join('');
  return ` (${s.statesStored} stored${folded})`;
}

/** Which engine explored (CheckStats.engine), never left unsaid: ", packed engine". */
function engineNote(s: CheckResult['stats']): string {
  return s.engine === 'none' ? '' : `, ${s.engine} engine`;
}

/**
 * The whole report of one file; `palette` colours the verdicts (the CLI passes ANSI on a terminal).
 * With the file's `positions`, each of several problems says its line and column; without, its
 * JSON pointer.
 */
export function renderCheckText(unsafe: CheckResult, palette: Palette = PLAIN, positions?: Record<string, SourcePos>, options: CounterexampleOptions = {}): string {
  const result = visibleDeep(unsafe, COUNTEREXAMPLES);
  const width = Math.max(...result.properties.map((p) => p.id.length));
  const alone = result.message === undefined ? '' : ` (message ${result.message} alone: replay its paths with --message ${result.message})`;
  const lines = [palette.bold(result.file + alone), ...result.properties.map((p) => verdictLine(p, width, palette))];
  const s = result.stats;
  const cut = !s.complete ? `, stopped early (${s.stopReason})` : s.stoppedAtViolation ? ', stopped at the first violation of every property asked' : '';
  lines.push(palette.dim(`  ${countOf(s, 'states')}${storedNote(s)}, ${countOf(s, 'transitions')}, ${s.durationMs} ms${engineNote(s)}${cut}`));
  for (const hint of result.hints ?? []) lines.push(palette.warn(`  hint: ${hint}`));
  const where = (ptr: string) => {
    if (positions === undefined) return ptr;
    const at = locate(positions, ptr);
    return `${result.file}:${at.line}:${at.col}`;
  };
  for (const p of result.properties) {
    for (const run of shownRuns(p)) {
      const at = run.oneOfMany && run.pointer !== undefined ? ` at ${where(run.pointer)}` : '';
      const path = run.counterexample.path === null ? '' : ` (path ${run.counterexample.path})`;
      lines.push('', palette.bold(`${p.id}: ${run.title}${at}${path}`));
      lines.push(...renderCounterexample(run.counterexample, options));
    }
  }
  return lines.join('\n') + '\n';
}
