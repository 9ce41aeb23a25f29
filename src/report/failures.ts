/**
 * A failure sweep in the reports (FORMAT.md 1.1 "Failure sweeps"): text prints a table of the
 * sets of hosts whose failure breaks something, then each set's counterexamples; JSON adds
 * `failures` to the file's object, holding only the sets that break something.
 */
import { visible, visibleDeep } from '../../models/topology/text.js';
import type { FailureSweep } from '../api/failures.js';
import { PLAIN, type Palette } from './color.js';
import { counterexample, type JsonCounterexample } from './jsonCounterexample.js';
import { COUNTEREXAMPLES, renderCounterexample, type CounterexampleOptions } from './text.js';
import { fenced, markdownInline } from './escape.js';
import type { AnyPropertyId, Fault, Verdict } from '../../models/topology/types.js';

export interface JsonFailureSet {
  hosts: string[];
  kind: Fault;
  properties: { id: AnyPropertyId; verdict: Verdict; reason: string | null; counterexample: JsonCounterexample | null }[];
}

export function jsonFailures(sweep: FailureSweep): JsonFailureSet[] {
  return sweep.findings.map((f) => ({
    hosts: f.hosts,
    kind: f.kind,
    properties: f.properties.map((p) => ({
      id: p.id,
      verdict: p.verdict,
      reason: p.reason ?? null,
      counterexample: p.counterexample === undefined ? null : counterexample(p.counterexample),
    })),
  }));
}

/** The sweep as a section of a topology's Markdown page (`mxproof docs --failures K`). */
export function renderFailuresMarkdown(sweep: FailureSweep, steps: CounterexampleOptions = {}): string[] {
  const most = sweep.failures === 1 ? '1 host' : `at most ${sweep.failures} hosts`;
  const out = [
    '## Failure sweep',
    '',
    markdownInline(`Every set of ${most} a message can reach (${sweep.candidates.join(', ') || 'none'}), each ${OUTAGE[sweep.kind]}, on top of the file's own faults: ${sweep.sets} sets, ${sweep.checked} checked. Only the smallest sets that break a property the file as written keeps are listed.`),
    '',
  ];
  if (sweep.findings.length === 0) out.push('No set breaks anything.');
  else {
    out.push('| hosts | breaks |', '|---|---|');
    for (const f of sweep.findings) out.push(`| ${markdownInline(f.hosts.join(' + '))} | ${markdownInline(f.properties.map((p) => p.id).join(', '))} |`);
  }
  for (const u of sweep.undecided) out.push('', markdownInline(`${u.hosts.join(' + ')}: a budget stopped the check before ${u.properties.join(', ')} was decided.`));
  for (const f of sweep.findings) {
    for (const p of f.properties) {
      out.push('', `### With ${markdownInline(f.hosts.join(' + '))} ${f.kind}: ${markdownInline(p.id)}`, '');
      if (p.reason !== undefined) out.push(`${markdownInline(p.reason)}.`, '');
      if (p.counterexample !== undefined) out.push(fenced('text', renderCounterexample(p.counterexample, steps).join('\n')));
      if (p.counterexample?.path != null) {
        out.push('', `Path: \`${markdownInline(p.counterexample.path)}\` (replay with ${f.hosts.map((h) => `\`--fault ${markdownInline(h)}=${f.kind}\``).join(' ')})`);
      }
    }
  }
  return out;
}

const OUTAGE: Record<Fault, string> = { transient: 'an outage that ends (transient)', down: 'gone for good (down)' };

export function renderFailuresText(unsafe: FailureSweep, palette: Palette = PLAIN, steps: CounterexampleOptions = {}): string {
  const sweep = visibleDeep(unsafe, COUNTEREXAMPLES);
  const most = sweep.failures === 1 ? '1 host' : `at most ${sweep.failures} hosts`;
  const lines = [
    '',
    palette.bold(`Failure sweep: every set of ${most} a message can reach, each ${OUTAGE[sweep.kind]}, on top of the file's own faults`),
    palette.dim(`  ${sweep.candidates.length} hosts (${sweep.candidates.join(', ') || 'none'}), ${sweep.sets} sets, ${sweep.checked} checked (a set whose every property a smaller set already breaks is not)`),
  ];
  if (sweep.findings.length === 0) {
    lines.push(palette.ok(`  no set breaks a property the file as written keeps`));
    if (sweep.kind === 'transient') {
      lines.push(palette.dim('  (a transient fault clears eventually, and eventual delivery assumes it does; `--failure-kind down` asks about hosts that stay down)'));
    }
  } else {
    const sets = sweep.findings.map((f) => f.hosts.join(' + '));
    const width = Math.max(...sets.map((s) => s.length), 'hosts'.length);
    lines.push(`  ${'hosts'.padEnd(width)}  breaks`);
    sweep.findings.forEach((f, i) => lines.push(`  ${palette.bad(sets[i]!.padEnd(width))}  ${f.properties.map((p) => p.id).join(', ')}`));
  }
  for (const u of sweep.undecided) {
    lines.push(palette.warn(`  ${u.hosts.join(' + ')}: a budget stopped the check before ${u.properties.join(', ')} was decided`));
  }
  for (const f of sweep.findings) {
    for (const p of f.properties) {
      const faults = f.hosts.map((h) => ` --fault ${h}=${f.kind}`).join('');
      const path = p.counterexample?.path == null ? '' : ` (path ${visible(p.counterexample.path)}; replay with${faults})`;
      lines.push('', palette.bold(`with ${f.hosts.join(' + ')} ${f.kind}: ${p.id} violated${path}`), `  ${p.reason ?? ''}`);
      if (p.counterexample !== undefined) lines.push(...renderCounterexample(p.counterexample, steps));
    }
  }
  return lines.join('\n') + '\n';
}
