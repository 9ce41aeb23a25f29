/**
 * `check --jobs N` (issue 13): a pool of worker threads checks the files, and what is printed is what
 * one thread prints — every format, stderr included, in file order — but for the timings; the exit
 * code is the same; Ctrl-C stops every worker and prints the partial report. Workers start only
 * from compiled files, so this runs a private build of the bin (privateBin.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/checkReport.js';
import { checkOne, portable, type FileOutcome } from '../../src/cli/checkOne.js';
import { CheckReport } from '../../src/cli/checkReport.js';
import { Configs } from '../../src/cli/config.js';
import { PLAIN } from '../../src/report/color.js';
import { BUILT_IN } from '../../properties/index.js';
import { interruptBin, privateBin, ROOT, runBin, slowFile } from './privateBin.js';

/** A file that does not load, two violated (one as expected), one that holds, one with warnings, one with a config beside it. */
const FILES = [
  'examples/mailhop-only.yaml',
  'test/fixtures/bin/bad-role.yaml',
  'examples/postini-mailhop.yaml',
  'test/fixtures/bin/founding-loop-no-expect.yaml',
  'examples/plugins/hop-budget/rules.yaml',
  'test/fixtures/cli/ignored-settings.yaml',
  'examples/gateway.yaml',
];

/** The report without the figures that depend on the machine: durations in text, JSON and JUnit. */
function untimed(text: string): string {
  return text
    .replace(/, [\d.]+ ms/g, ', _ ms')
    .replace(/"durationMs":[\d.]+/g, '"durationMs":_')
    .replace(/"setupMs":[\d.]+/g, '"setupMs":_')
    .replace(/ time="[\d.]+"/g, ' time="_"');
}

describe('what crosses from a worker thread', () => {
  /** Each file's outcome as this thread has it, and as a worker posts it (cloned, the registry put back). */
  async function both(files: readonly string[], sweep?: { failures: number; failureKind: 'down' }): Promise<{ here: FileOutcome[]; crossed: FileOutcome[] }> {
    const io = { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false, env: {}, cwd: ROOT };
    const configs = await Configs.load(files, {}, io);
    const here = files.map((file) =>
      checkOne(join(ROOT, file), { reductions: true, failureKind: 'transient', ...sweep }, { properties: undefined, config: configs.for(file)?.config, line: null, interrupted: undefined }),
    );
    const crossed = here.map((o, i) => {
      const copy = structuredClone(portable(o));
      return copy.ok ? { ...copy, registry: configs.registryFor(files[i]!) ?? BUILT_IN } : copy;
    });
    return { here, crossed };
  }

  const printed = (outcomes: readonly FileOutcome[], format: 'text' | 'json' | 'junit' | 'sarif'): { out: string; err: string; code: number } => {
    let out = '';
    let err = '';
    const report = new CheckReport({ format, quiet: false, allSteps: false }, { stdout: (t) => (out += t), stderr: (t) => (err += t), stderrIsTTY: false, env: {}, cwd: ROOT }, PLAIN);
    for (const o of outcomes) report.file(o);
    const code = report.end();
    return { out, err, code };
  };

  it('prints the same in every format as the outcome it was made from, timings included', async () => {
    const { here, crossed } = await both(FILES);
    expect(here.map(exitCodeOf)).toEqual([0, 2, 0, 1, 0, 0, 0]);
    for (const format of ['text', 'json', 'junit', 'sarif'] as const) expect(printed(crossed, format)).toEqual(printed(here, format));
    // The config's own property is among SARIF's rules: the registry put back is the config's.
    expect(printed(crossed, 'sarif').out).toContain('"id": "at-most-2-hosts"');
  });

  it("prints a failure sweep's findings the same", async () => {
    const { here, crossed } = await both(['examples/mailhop-only.yaml', 'examples/gateway.yaml'], { failures: 2, failureKind: 'down' });
    expect(crossed.some((o) => o.ok && (o.sweep?.findings.length ?? 0) > 0)).toBe(true);
    for (const format of ['text', 'json', 'junit', 'sarif'] as const) expect(printed(crossed, format)).toEqual(printed(here, format));
  });
});

describe('check --jobs, the bundled bin', () => {
  const copy = privateBin('jobs-');
  beforeAll(() => copy.build(), 60_000);
  afterAll(() => copy.remove());

  it.each(['text', 'json', 'junit', 'sarif'])('prints in %s what one thread prints, in file order, and exits the same', (format) => {
    const one = runBin(copy.bin, ['check', ...FILES, '--format', format, '--jobs', '1']);
    const three = runBin(copy.bin, ['check', ...FILES, '--format', format, '--jobs', '3']);
    expect(one.code).toBe(2);
    expect(three.code).toBe(one.code);
    expect(untimed(three.stdout)).toBe(untimed(one.stdout));
    expect(three.stderr).toBe(one.stderr);
    expect(one.stderr).toMatch(/bad-role\.yaml:\d+:\d+: .*role/);
  }, 60_000);

  it('exits as one thread does without the file that does not load: 1, a violation', () => {
    const files = FILES.filter((f) => !f.includes('bad-role'));
    const one = runBin(copy.bin, ['check', ...files, '--format', 'json', '--jobs', '1']);
    const two = runBin(copy.bin, ['check', ...files, '--format', 'json', '--jobs', '2']);
    expect([one.code, two.code]).toEqual([1, 1]);
    expect(untimed(two.stdout)).toBe(untimed(one.stdout));
  }, 60_000);

  it('refuses a --jobs that is not a positive integer, exit 2', () => {
    const r = runBin(copy.bin, ['check', 'examples/mailhop-only.yaml', '--jobs', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--jobs must be a positive integer, got '0'");
  });

  it('on Ctrl-C stops every worker, prints what finished and what was cut, in file order, and exits 130', async () => {
    const slow = [slowFile(copy.dist, 'slow-1.yaml'), slowFile(copy.dist, 'slow-2.yaml')];
    const files = ['examples/mailhop-only.yaml', ...slow, 'examples/postini-mailhop.yaml'];
    // Two workers: the first checks mailhop-only, then the second slow file; the other the first
    // slow one. The signal comes once mailhop-only is printed, so the last file is never begun.
    const r = await interruptBin(copy.bin, ['check', ...files, '--format', 'json', '--no-reductions', '--jobs', '2'], 'SIGINT', (out) => out.includes('\n'));
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 130, signal: null });
    expect(r.stderr).toContain('mxproof: interrupted');
    type Line = { file: string; properties: { verdict: string; reason: string | null }[]; stats: { complete: boolean; stopReason: string | null } };
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines.map((l) => l.file)).toEqual(files);
    expect(lines[0]!.stats.stopReason).toBeNull();
    for (const cut of [lines[1]!, lines[2]!]) {
      expect(cut.stats).toMatchObject({ complete: false, stopReason: 'interrupted' });
      expect(cut.properties.some((p) => p.verdict === 'inconclusive' && /^stopped by an interrupt/.test(p.reason ?? ''))).toBe(true);
    }
    expect(lines[3]!.properties.every((p) => p.verdict === 'inconclusive' && p.reason === 'stopped by an interrupt before the file was read; nothing was checked')).toBe(true);
  }, 60_000);
});

it('documents --jobs among check options in the README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(readme).toMatch(/^mxproof check FILE\.\.\. .*\[--jobs N\]/m);
});
