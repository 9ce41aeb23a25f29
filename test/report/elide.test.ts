/**
 * Long counterexamples are bounded in every report (issue 17: a 400 000 hop limit printed 474 MB
 * of JSON and killed SARIF's JSON.stringify). Past 60 steps each format shows the first and last
 * 24 and says how many it leaves out; the path is always there, and `mxproof replay` prints every
 * step of it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult, Counterexample, Step } from '../../properties/result.js';
import { checkFile } from '../../src/api/check.js';
import { KEEP, LONG_TRACE } from '../../src/report/elide.js';
import { renderCheckJson, type JsonReport } from '../../src/report/json.js';
import { renderJUnit } from '../../src/report/junit.js';
import { sarifLog } from '../../src/report/sarif.js';
import { renderCheckText } from '../../src/report/text.js';
import { cli } from '../cli/run.js';
import { EXAMPLES } from '../helpers.js';
import { sarifValidator } from './sarifSchema.js';

/** FORMAT.md example 4 without its expect block, the filter's hop limit raised: a 260-step lasso. */
function longRun(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mxproof-elide-')), 'hop-limit-1000.yaml');
  const text = readFileSync(join(EXAMPLES, 'postini-mailhop-verify-none.yaml'), 'utf8');
  writeFileSync(path, text.replace(/^expect:[\s\S]*$/m, '').replace(/role: filter\n/, 'role: filter\n    hopLimit: 1000\n'));
  return path;
}

describe('a long counterexample in each format', () => {
  const file = longRun();
  const outcome = checkFile(file);
  if (!outcome.ok) throw new Error('does not load');
  const cx = outcome.result.properties.find((p) => p.id === 'eventual-delivery')!.counterexample!;
  const total = cx.steps.length;
  const left = total - 2 * KEEP;

  it('is long enough to be elided', () => {
    expect(total).toBeGreaterThan(LONG_TRACE);
  });

  it('text, JUnit: the first and last steps, and how many are left out', () => {
    const note = `… ${left} more steps (${KEEP + 1} to ${total - KEEP}) left out; mxproof replay FILE PATH prints every step …`;
    for (const text of [renderCheckText(outcome.result), renderJUnit([outcome])]) {
      expect(text).toContain(note);
      expect(text).toMatch(new RegExp(`^\\s+${KEEP}\\. `, 'm'));
      expect(text).not.toMatch(new RegExp(`^\\s+${KEEP + 1}\\. `, 'm'));
      expect(text).toMatch(new RegExp(`^\\s+${total}\\. `, 'm'));
    }
  });

  it('JSON: the steps kept, the gap in `elided`, and the path', () => {
    const report = JSON.parse(renderCheckJson(outcome.result)) as JsonReport;
    const json = report.properties.find((p) => p.id === 'eventual-delivery')!.counterexample!;
    expect(json.steps.map((s) => s.n)).toEqual([...range(1, KEEP), ...range(total - KEEP + 1, total)]);
    expect(json.elided).toEqual({ from: KEEP + 1, to: total - KEEP, count: left });
    expect(json.path).toBe(cx.path);
  });

  it('SARIF: a code flow of the steps kept, one location saying what is left out, still valid SARIF', () => {
    const log = sarifLog([outcome]);
    expect(sarifValidator()(log)).toBe(true);
    const result = log.runs[0]!.results!.find((r) => r.ruleId === 'eventual-delivery')!;
    const locations = result.codeFlows![0]!.threadFlows[0]!.locations;
    expect(locations).toHaveLength(2 * KEEP + 1);
    expect(locations[KEEP]!).toMatchObject({ executionOrder: KEEP + 1, importance: 'unimportant' });
    expect(locations[KEEP]!.location.message!.text).toContain(`${left} more steps`);
    expect(locations.at(-1)!.executionOrder).toBe(total);
    expect(result.properties).toMatchObject({ replayPath: cx.path });
  });

  it('replay prints every step of the path, as text and as JSON', async () => {
    const text = await cli('replay', file, cx.path!);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain('left out');
    for (const n of range(1, total)) expect(text.stdout).toMatch(new RegExp(`^\\s+${n}\\. `, 'm'));
    const json = await cli('replay', file, cx.path!, '--format', 'json');
    const replayed = JSON.parse(json.stdout) as { counterexample: { steps: Step[]; elided: null }; violations: { step: number; property: string }[] };
    expect(replayed.counterexample.elided).toBeNull();
    expect(replayed.counterexample.steps.map((s) => s.text)).toEqual(cx.steps.map((s) => s.text));
    expect(replayed.violations.map((v) => v.property)).toContain('no-forwarding-loop');
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A result whose one counterexample has `n` steps (the steps as a real run writes them). */
function withSteps(n: number): CheckResult {
  const steps: Step[] = range(1, n).map((i) => ({ n: i, kind: 'command', message: 0, from: 'sender', to: `mx${i % 7}.example.net`, depth: i % 3, text: 'RCPT TO:<alice@example.com>', details: ['mx answers 451 4.3.0 try again later'] }));
  const counterexample: Counterexample = { steps, loopsFrom: n > 2 ? 2 : null, path: `0:0*${n}` };
  return {
    file: 'long.yaml',
    properties: [{ id: 'eventual-delivery', verdict: 'violated', reason: 'never delivered', pointer: '/messages/0', counterexample }],
    stats: { states: n, transitions: n, maxDepth: n, durationMs: 1, setupMs: 1, complete: true, engine: 'packed' },
  };
}

describe('the size of a report', () => {
  it('stops growing with the length of the run past 60 steps, in every format', () => {
    const sizes = (n: number) => {
      const result = withSteps(n);
      const file = { ok: true as const, file: 'long.yaml', result, topology: { positions: {} } };
      return [renderCheckText(result).length, renderCheckJson(result).length, JSON.stringify(sarifLog([file])).length, renderJUnit([file]).length];
    };
    let measured = 0;
    const at61 = sizes(61);
    for (const n of [100, 1_000, 100_000]) {
      // Only the digits of the step numbers and of the path grow.
      sizes(n).forEach((size, format) => expect(size - at61[format]!, `format ${format} at ${n} steps`).toBeLessThan(1_000));
      measured++;
    }
    expect(measured).toBe(3);
    sizes(60).forEach((size, format) => expect(size, `format ${format} at 60 steps`).toBeGreaterThan(0));
  });
});
