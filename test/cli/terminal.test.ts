/**
 * What depends on the terminal: progress on stderr only when it is a TTY and not --quiet, with
 * states, rate and elapsed time; colour on stdout only when it is a TTY and NO_COLOR is unset.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wantsColor } from '../../src/report/color.js';
import type { CliIO } from '../../src/cli/io.js';
import { checkProgress, exploreProgress, formatElapsed, formatRate, progressLine } from '../../src/cli/progress.js';
import { run } from '../../src/cli/run.js';
import { EXAMPLES } from '../helpers.js';

function terminal(options: Partial<CliIO> = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = {
    stdout: (t) => (out.stdout += t),
    stderr: (t) => (out.stderr += t),
    stderrIsTTY: true,
    stdoutIsTTY: true,
    env: {},
    ...options,
  };
  return { io, out };
}

const LOOP = join(EXAMPLES, 'postini-mailhop.yaml');
const ESC = '\x1b[';

describe('progress', () => {
  it('shows states, the current rate, transitions, depth and elapsed time, rewriting one line', () => {
    const { io, out } = terminal();
    const report = checkProgress(progressLine(io, false), 'big.yaml')!;
    report({ states: 100_000, transitions: 250_000, depth: 12, elapsedMs: 500 });
    report({ states: 400_000, transitions: 900_000, depth: 30, elapsedMs: 1500 });
    const lines = out.stderr.split('\r\x1b[2K').filter((l) => l !== '');
    expect(lines).toEqual([
      'big.yaml: exploring 100,000 states · 200.0k states/s · 250,000 transitions · depth 12 · 0.5 s',
      'big.yaml: exploring 400,000 states · 300.0k states/s · 900,000 transitions · depth 30 · 1.5 s',
    ]);
  });

  it('shows nothing when stderr is not a terminal, or with --quiet', () => {
    expect(progressLine(terminal({ stderrIsTTY: false }).io, false)).toBeNull();
    expect(progressLine(terminal().io, true)).toBeNull();
    expect(checkProgress(null, 'x')).toBeUndefined();
    expect(exploreProgress(null, 'x')).toBeUndefined();
  });

  it('fits the line to the terminal and clears it before the report', () => {
    const { io, out } = terminal({ stderrColumns: 40 });
    const line = progressLine(io, false)!;
    line.show('x'.repeat(100));
    line.clear();
    expect(out.stderr).toBe(`\r${ESC}2K${'x'.repeat(38)}…\r${ESC}2K`);
  });

  it("throttles explore's progress to four lines a second, with topologies checked and their rate", () => {
    const { io, out } = terminal();
    let now = 0;
    const report = exploreProgress(progressLine(io, false), 'rules.yaml', () => now)!;
    for (let checked = 1; checked <= 100; checked++) {
      now = checked * 10;
      report({ property: 'call-ahead-bounded', checked, shrinking: checked > 50 });
    }
    const lines = out.stderr.split(`\r${ESC}2K`).filter((l) => l !== '');
    expect(lines.length).toBe(4);
    expect(lines.at(-1)).toBe('rules.yaml: call-ahead-bounded, shrinking · 76 topologies checked · 100/s · 0.8 s');
  });

  it('formats rates and durations for people', () => {
    expect([formatRate(950), formatRate(12_345), formatRate(2_500_000)]).toEqual(['950', '12.3k', '2.5M']);
    expect([formatElapsed(1234), formatElapsed(125_000)]).toEqual(['1.2 s', '2 min 05 s']);
  });

  it('leaves stderr empty on a check when stderr is not a terminal', async () => {
    const { io, out } = terminal({ stderrIsTTY: false });
    expect(await run(['check', LOOP], io)).toBe(0);
    expect(out.stderr).toBe('');
  });
});

describe('colour', () => {
  it('colours verdicts when stdout is a terminal', async () => {
    const { io, out } = terminal();
    await run(['check', LOOP], io);
    expect(out.stdout).toContain(`${ESC}32m✓${ESC}39m`);
  });

  it('is off with NO_COLOR, when stdout is not a terminal, and in machine formats', async () => {
    for (const options of [{ env: { NO_COLOR: '1' } }, { stdoutIsTTY: false }, { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }]) {
      const { io, out } = terminal(options);
      await run(['check', LOOP], io);
      expect(out.stdout).not.toContain(ESC);
    }
    const { io, out } = terminal();
    await run(['check', LOOP, '--format', 'json'], io);
    expect(out.stdout).not.toContain(ESC);
  });

  it('colours the diff too: broken red, fixed green', async () => {
    const { io, out } = terminal();
    await run(['diff', LOOP, join(EXAMPLES, '..', 'test', 'fixtures', 'diff', 'postini-mailhop-relay-recipients.yaml')], io);
    expect(out.stdout).toContain(`${ESC}31m✗${ESC}39m`);
    expect(out.stdout).toContain(`${ESC}32m✓${ESC}39m`);
  });

  it('follows no-color.org: an empty NO_COLOR is unset; FORCE_COLOR colours a pipe', () => {
    expect(wantsColor(true, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor(true, { NO_COLOR: '0' })).toBe(false);
    expect(wantsColor(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor(false, { FORCE_COLOR: '0' })).toBe(false);
  });
});
