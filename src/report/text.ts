/**
 * The text report: a verdict line per property, then each counterexample as numbered SMTP steps,
 * call-aheads indented under the session that caused them, and the part that repeats marked.
 * Pure: returns a string; the CLI prints it.
 */
import type { CheckResult, Counterexample, PropertyResult, Step } from '../../properties/result.js';
import { isFailure } from '../../properties/result.js';

const MARK = { ok: '✓', bad: '✗', unknown: '?' } as const;

function mark(p: PropertyResult): string {
  if (p.verdict === 'inconclusive' && p.expected !== 'inconclusive') return MARK.unknown;
  return isFailure(p) ? MARK.bad : MARK.ok;
}

function verdictLine(p: PropertyResult, width: number): string {
  const expected = p.expected === undefined ? '' : p.expected === p.verdict ? ' (as expected)' : ` (expected ${p.expected})`;
  const reason = p.reason !== undefined && p.verdict !== 'holds' ? `  ${p.reason}` : '';
  return `  ${mark(p)} ${p.id.padEnd(width)}  ${p.verdict}${expected}${reason}`;
}

export function renderStep(step: Step): string[] {
  const indent = '  '.repeat(step.depth);
  const num = `${String(step.n).padStart(4)}. `;
  let head: string;
  if (step.kind === 'reply' && step.to !== null) head = `${step.to} ← ${step.from}: ${step.text}`;
  else if (step.to !== null && step.kind === 'command') head = `${step.from} → ${step.to}: ${step.text}`;
  else head = `${step.from} ${step.text}`;
  if (step.repeats !== undefined) head += `   ↺ repeats step ${step.repeats}`;
  const pad = ' '.repeat(num.length) + indent + '   ';
  return [num + indent + head, ...step.details.map((d) => pad + d)];
}

/** Past this many steps the middle of a trace is elided in text; JSON always has every step. */
const LONG_TRACE = 60;
const KEEP = 24;

export function renderCounterexample(cx: Counterexample): string[] {
  const lines: string[] = [];
  const total = cx.steps.length;
  const shown = (n: number) => total <= LONG_TRACE || n <= KEEP || n > total - KEEP;
  for (const step of cx.steps) {
    if (!shown(step.n)) {
      if (step.n === KEEP + 1) lines.push(`      … ${total - 2 * KEEP} more steps like these (--format json lists every step) …`);
      continue;
    }
    if (cx.loopsFrom === step.n) lines.push(`      ┌─ from here the run repeats forever ─`);
    lines.push(...renderStep(step));
  }
  if (cx.loopsFrom !== null) lines.push(`      └─ … and from step ${cx.loopsFrom} it repeats`);
  return lines;
}

export function renderCheckText(result: CheckResult): string {
  const width = Math.max(...result.properties.map((p) => p.id.length));
  const lines = [result.file, ...result.properties.map((p) => verdictLine(p, width))];
  const s = result.stats;
  const cut = s.complete ? '' : `, stopped early (${s.stopReason})`;
  lines.push(`  ${s.states} states, ${s.transitions} transitions, ${s.durationMs} ms${cut}`);
  for (const p of result.properties) {
    if (p.counterexample === undefined) continue;
    lines.push('', `${p.id}: counterexample${p.counterexample.path === null ? '' : ` (path ${p.counterexample.path})`}`);
    lines.push(...renderCounterexample(p.counterexample));
  }
  return lines.join('\n') + '\n';
}
