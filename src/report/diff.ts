/**
 * The report of `mxproof diff`: a line per property with its verdict before → after, then for each
 * property that broke the new counterexample, and for each one fixed the old one (the run the change
 * removed); for a static property still violated, the problems the change added and removed.
 * Pure: returns strings.
 */
import type { PropertyChange, TopologyDiff } from '../api/diff.js';
import type { Counterexample, Problem, PropertyResult } from '../../properties/result.js';
import { counterexample as jsonCounterexample, problem as jsonProblem } from './json.js';
import { PLAIN, type Palette } from './color.js';
import { moreProblems, shownRuns } from './runs.js';
import { visibleDeep } from './escape.js';
import { COUNTEREXAMPLES, renderCounterexample } from './text.js';

const WORD: Record<PropertyChange['change'], string> = {
  broken: 'broken',
  fixed: 'fixed',
  unchanged: '',
  changed: 'changed',
  undecided: 'undecided',
};

function mark(c: PropertyChange, p: Palette): string {
  if (c.change === 'broken') return p.bad('✗');
  if (c.change === 'fixed') return p.ok('✓');
  if (c.change === 'undecided') return p.warn('?');
  return ' ';
}

function verdicts(c: PropertyChange): string {
  return c.change === 'unchanged' ? c.after.verdict : `${c.before.verdict} → ${c.after.verdict}`;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function note(c: PropertyChange, p: Palette): string {
  if (c.change === 'broken') return p.bad(WORD.broken);
  if (c.change === 'fixed') return p.ok(WORD.fixed);
  if (c.change === 'undecided') return p.warn(`${WORD.undecided}: ${(c.after.verdict === 'inconclusive' ? c.after : c.before).reason ?? ''}`);
  if (c.change === 'unchanged' && c.after.verdict === 'violated') {
    if (c.newProblems.length > 0 || c.fixedProblems.length > 0) return `still violated: ${plural(c.newProblems.length, 'new problem')}, ${c.fixedProblems.length} fixed`;
    return c.before.reason === c.after.reason ? 'still violated' : `still violated, now: ${c.after.reason ?? ''}`;
  }
  return WORD[c.change];
}

/** The runs of a result (each of several problems on its own), each under `label` and its title. */
function counterexamples(label: (title: string) => string, r: PropertyResult, p: Palette): string[] {
  return shownRuns(r).flatMap((run) => {
    const at = run.oneOfMany && run.pointer !== undefined ? ` at ${run.pointer}` : '';
    const path = run.counterexample.path === null ? '' : ` (path ${run.counterexample.path})`;
    return [p.bold(`${label(run.title)}${at}${path}:`), ...renderCounterexample(run.counterexample)];
  });
}

/** Problems that came or went while the property stayed violated, each with its steps. */
function problemLines(label: string, problems: readonly Problem[], p: Palette): string[] {
  return problems.flatMap((q) => [p.bold(`${label} at ${q.pointer}: ${q.reason}`), ...renderCounterexample(q.counterexample)]);
}

export function renderDiffText(unsafe: TopologyDiff, palette: Palette = PLAIN): string {
  const diff = visibleDeep(unsafe, COUNTEREXAMPLES);
  const width = Math.max(...diff.properties.map((c) => c.id.length));
  const arrows = Math.max(...diff.properties.map((c) => verdicts(c).length));
  const lines = [palette.bold(`${diff.before} → ${diff.after}`)];
  for (const c of diff.properties) {
    lines.push(`  ${mark(c, palette)} ${c.id.padEnd(width)}  ${verdicts(c).padEnd(arrows)}  ${note(c, palette)}`.trimEnd());
  }
  const count = (change: PropertyChange['change']) => diff.properties.filter((c) => c.change === change).length;
  const summary = [`${count('broken')} broken`, `${count('fixed')} fixed`];
  if (count('undecided') > 0) summary.push(`${count('undecided')} undecided`);
  lines.push(palette.dim(`  ${summary.join(', ')}`));
  for (const c of diff.properties.filter((x) => x.change === 'broken')) {
    lines.push('', palette.bad(`${c.id} broke: ${c.after.reason ?? ''}${moreProblems(c.after)}`), ...counterexamples((t) => `new ${t}`, c.after, palette));
  }
  for (const c of diff.properties.filter((x) => x.change === 'fixed')) {
    const old = (t: string) => (t === 'counterexample' ? 'old counterexample, which no longer happens' : `old ${t}, fixed`);
    lines.push('', palette.ok(`${c.id} was fixed; before, ${c.before.reason ?? 'it was violated'}${moreProblems(c.before)}`), ...counterexamples(old, c.before, palette));
  }
  for (const c of diff.properties.filter((x) => x.change === 'unchanged' && (x.newProblems.length > 0 || x.fixedProblems.length > 0))) {
    lines.push('', palette.bold(`${c.id} is still violated: ${plural(c.newProblems.length, 'new problem')}, ${c.fixedProblems.length} fixed`));
    lines.push(...problemLines(palette.bad('new problem'), c.newProblems, palette), ...problemLines(palette.ok('fixed problem'), c.fixedProblems, palette));
  }
  return lines.join('\n') + '\n';
}

/**
 * One JSON object: `{ before, after, status, broken, fixed, properties: [{ id, change, before,
 * after, reasonBefore, reasonAfter, counterexample, newProblems, fixedProblems }] }` with verdicts
 * as strings; `counterexample` is the new one for a broken property, the old one for a fixed one,
 * else null; `newProblems` and `fixedProblems` list a static property's problems that came and
 * went (`{ reason, pointer, counterexample }`; empty for explored properties).
 */
const counterexampleOrNull = (c: Counterexample | undefined) => (c === undefined ? null : jsonCounterexample(c));

export function renderDiffJson(diff: TopologyDiff): string {
  return (
    JSON.stringify({
      before: diff.before,
      after: diff.after,
      status: diff.status,
      broken: diff.broken,
      fixed: diff.fixed,
      properties: diff.properties.map((c) => ({
        id: c.id,
        change: c.change,
        before: c.before.verdict,
        after: c.after.verdict,
        reasonBefore: c.before.reason ?? null,
        reasonAfter: c.after.reason ?? null,
        // Steps and problems in the JSON report's shapes (json.ts): every key, null where none.
        counterexample: counterexampleOrNull(c.change === 'broken' ? c.after.counterexample : c.change === 'fixed' ? c.before.counterexample : undefined),
        newProblems: c.newProblems.map(jsonProblem),
        fixedProblems: c.fixedProblems.map(jsonProblem),
      })),
    }) + '\n'
  );
}
