/**
 * The JUnit XML report: one `<testsuite>` per file, one `<testcase>` per property (classname the
 * file, name the property id), so CI dashboards list every verdict of every topology.
 * - a failure (a violation the file does not expect, or any verdict other than the expected one) is
 *   a `<failure>` whose text is the reason, the place in the file and the counterexample's steps;
 * - inconclusive (not expected) is an `<error>`: the check could not finish, which is what exit
 *   code 3 says too, so a dashboard shows why the job is red instead of a green run;
 * - not-applicable is `<skipped>`: the file has no message the property speaks of;
 * - a violation the file expects passes, with its counterexample in `<system-out>`;
 * - a file that does not load is a suite with one `load` test case in error.
 * Pure: returns the XML.
 */
import type { LoadError } from '../../models/topology/errors.js';
import { formatLoadError } from '../../models/topology/errors.js';
import type { SourcePos } from '../../models/topology/types.js';
import { isFailure, isInconclusive, type CheckResult, type PropertyResult } from '../../properties/result.js';
import { locate } from './locate.js';
import { sweepResults, type CheckedFile } from './outcome.js';
import { moreProblems, shownRuns } from './runs.js';
import { renderCounterexample } from './text.js';

/** XML 1.0 allows no control characters but tab, newline and carriage return, even escaped. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

type Attrs = Record<string, string | number | undefined>;

function open(name: string, attrs: Attrs, selfClose = false): string {
  const list = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
  return `<${name}${list}${selfClose ? '/>' : '>'}`;
}

function element(name: string, attrs: Attrs, text?: string): string {
  return text === undefined || text === '' ? open(name, attrs, true) : `${open(name, attrs)}${xmlEscape(text)}</${name}>`;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

interface Case {
  xml: string[];
  failure: boolean;
  error: boolean;
  skipped: boolean;
}

function verdictText(p: PropertyResult): string {
  if (p.expected === undefined) return p.verdict;
  return p.expected === p.verdict ? `${p.verdict} (as expected)` : `${p.verdict} (expected ${p.expected})`;
}

/** The text of a failure: what, where, why, and the run that shows it — or each problem, with where it is. */
function details(file: string, p: PropertyResult, positions: Record<string, SourcePos>): string {
  const lines = [`${p.id}: ${verdictText(p)}`];
  const at = (ptr: string) => {
    const found = locate(positions, ptr);
    return `at ${file}:${found.line}:${found.col} (${ptr})`;
  };
  const runs = shownRuns(p);
  if (runs.some((r) => r.oneOfMany)) {
    lines.push(`${runs.length} problems:`);
    for (const run of runs) lines.push('', `${run.title}: ${run.reason ?? ''}`, at(run.pointer ?? ''), ...renderCounterexample(run.counterexample));
    return lines.join('\n');
  }
  if (p.reason !== undefined) lines.push(p.reason);
  const ptr = p.verdict === 'violated' ? p.pointer : p.expected !== undefined ? `/expect/${p.id}` : undefined;
  if (ptr !== undefined) lines.push(at(ptr));
  const cx = p.counterexample;
  if (cx !== undefined) {
    lines.push('', `counterexample${cx.path === null ? '' : ` (path ${cx.path})`}:`, ...renderCounterexample(cx));
  }
  return lines.join('\n');
}

function testCase(file: string, p: PropertyResult, positions: Record<string, SourcePos>): Case {
  const line = p.verdict === 'violated' && p.pointer !== undefined ? locate(positions, p.pointer).line : undefined;
  const attrs = { classname: file, name: p.id, file, line };
  const summary = p.reason === undefined ? verdictText(p) : `${verdictText(p)}: ${p.reason}${moreProblems(p)}`;
  let inner: string | undefined;
  const c = { failure: false, error: false, skipped: false };
  if (isFailure(p)) {
    c.failure = true;
    inner = element('failure', { message: summary, type: p.verdict === 'violated' ? 'violated' : 'unmet-expect' }, details(file, p, positions));
  } else if (isInconclusive(p)) {
    c.error = true;
    inner = element('error', { message: summary, type: 'inconclusive' }, details(file, p, positions));
  } else if (p.verdict === 'not-applicable') {
    c.skipped = true;
    inner = element('skipped', { message: summary });
  } else if (p.verdict === 'violated') {
    inner = element('system-out', {}, details(file, p, positions));
  }
  const xml = inner === undefined ? [`    ${open('testcase', attrs, true)}`] : [`    ${open('testcase', attrs)}`, `      ${inner}`, '    </testcase>'];
  return { xml, ...c };
}

interface Suite {
  xml: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  ms: number;
}

function checkedSuite(file: string, result: CheckResult, positions: Record<string, SourcePos>): Suite {
  const cases = result.properties.map((p) => testCase(file, p, positions));
  const s = result.stats;
  const counts = {
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    errors: cases.filter((c) => c.error).length,
    skipped: cases.filter((c) => c.skipped).length,
  };
  const stats: [string, string | number][] = [
    ['states', String(s.states)],
    ['transitions', String(s.transitions)],
    ...(s.maxDepth === null ? [] : [['maxDepth', s.maxDepth] as [string, number]]),
    ['complete', String(s.complete)],
    ...(s.stopReason === undefined ? [] : [['stopReason', s.stopReason] as [string, string]]),
    ...(s.statesStored === undefined ? [] : [['statesStored', s.statesStored] as [string, number]]),
  ];
  const xml = [
    `  ${open('testsuite', { name: file, ...counts, time: seconds(s.durationMs) })}`,
    '    <properties>',
    ...stats.map(([name, value]) => `      ${open('property', { name, value }, true)}`),
    '    </properties>',
    ...cases.flatMap((c) => c.xml),
    '  </testsuite>',
  ];
  return { xml, ...counts, ms: s.durationMs };
}

function loadErrorSuite(file: string, errors: readonly LoadError[]): Suite {
  const first = errors[0];
  const message = first === undefined ? 'the file does not load' : `${first.field}: ${first.message}`;
  const xml = [
    `  ${open('testsuite', { name: file, tests: 1, failures: 0, errors: 1, skipped: 0, time: seconds(0) })}`,
    `    ${open('testcase', { classname: file, name: 'load', file, line: first?.line })}`,
    `      ${element('error', { message, type: 'load-error' }, errors.map(formatLoadError).join('\n'))}`,
    '    </testcase>',
    '  </testsuite>',
  ];
  return { xml, tests: 1, failures: 0, errors: 1, skipped: 0, ms: 0 };
}

export function renderJUnit(files: readonly CheckedFile[]): string {
  const suites = files.map((f) => {
    if (!f.ok) return loadErrorSuite(f.file, f.errors);
    // A failure sweep's findings are failing test cases of their own, after the file's properties.
    const result = { ...f.result, properties: [...f.result.properties, ...sweepResults(f.sweep, 'id')] };
    return checkedSuite(f.file, result, f.topology?.positions ?? {});
  });
  const sum = (k: 'tests' | 'failures' | 'errors' | 'skipped' | 'ms') => suites.reduce((n, s) => n + s[k], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    open('testsuites', { name: 'mxproof', tests: sum('tests'), failures: sum('failures'), errors: sum('errors'), skipped: sum('skipped'), time: seconds(sum('ms')) }),
    ...suites.flatMap((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
