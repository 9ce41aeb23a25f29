/**
 * Ctrl-C (issue 17): the first signal asks the check to stop and print what it reached, exit 130;
 * a second one exits at once. The bin runs checks in a worker so the signal can be handled while
 * the engine explores (test/cli/bin.test.ts sends real signals to it); here, the two halves on
 * their own: what the main thread does with signals, and what a check does once interrupted.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/api/check.js';
import { run } from '../../src/cli/run.js';
import { signalHandler } from '../../src/cli/threaded.js';
import { EXAMPLES, ROOT } from '../helpers.js';

describe('signals in the main thread', () => {
  const handler = () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const said: string[] = [];
    const exits: number[] = [];
    return { flag, said, exits, on: signalHandler(flag, { exit: (c) => exits.push(c), stderr: (t) => said.push(t), stderrIsTTY: false }) };
  };

  it('the first Ctrl-C sets the flag the check reads and says so; the second exits 130 at once', () => {
    const h = handler();
    h.on('SIGINT');
    expect(Atomics.load(h.flag, 0)).toBe(2);
    expect(h.exits).toEqual([]);
    expect(h.said.join('')).toBe('mxproof: interrupted: stopping the check and printing what it reached (Ctrl-C again quits at once)\n');
    h.on('SIGINT');
    expect(h.exits).toEqual([130]);
  });

  it('a SIGTERM does the same, and the exit code is 143', () => {
    const h = handler();
    h.on('SIGTERM');
    h.on('SIGINT');
    expect(h.exits).toEqual([143]);
  });
});

/** A check of many states: the bundled symmetry fixture with a third message (13.8 M states unreduced). */
function slowFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mxproof-interrupt-'));
  const path = join(dir, 'slow.yaml');
  const text = readFileSync(join(ROOT, 'test', 'fixtures', 'symmetry', 'equal-filters.yaml'), 'utf8');
  writeFileSync(path, `${text.trimEnd()}\n  - { from: "y@sender.test", to: "alice@example.com" }\n`);
  return path;
}

describe('a check interrupted', () => {
  it('ends the file being checked inconclusive, reads no further file, prints every report and exits 130', async () => {
    let stdout = '';
    // The interrupt comes once the slow file's exploration is well under way.
    const at = performance.now() + 1000;
    const code = await run(['check', join(EXAMPLES, 'mailhop-only.yaml'), slowFile(), join(EXAMPLES, 'postini-mailhop.yaml'), '--format', 'json', '--no-reductions'], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      stderrIsTTY: false,
      env: {},
      interrupted: () => performance.now() > at,
    });
    expect(code).toBe(130);
    const [before, cut, after] = stdout.trim().split('\n').map((l) => JSON.parse(l) as { properties: { id: string; verdict: string; reason: string | null }[]; stats: { stopReason: string | null; states: number } });
    expect(before!.stats.stopReason).toBeNull();
    expect(cut!.stats.stopReason).toBe('interrupted');
    expect(cut!.stats.states).toBeGreaterThan(1000);
    expect(cut!.properties.find((p) => p.id === 'eventual-delivery')).toMatchObject({ verdict: 'inconclusive', reason: expect.stringMatching(/^stopped by an interrupt after \d+ states stored; no violation found so far$/) });
    // The static properties were decided before the engine was stopped.
    expect(cut!.properties.find((p) => p.id === 'dns-well-formed')!.verdict).toBe('holds');
    expect(after!.stats.stopReason).toBe('interrupted');
    expect(after!.properties.every((p) => p.verdict === 'inconclusive')).toBe(true);
  }, 60_000);

  it('through the API: interrupted before loading, every verdict open and no topology', () => {
    const outcome = check(readFileSync(join(EXAMPLES, 'postini-mailhop.yaml'), 'utf8'), { interrupted: () => true });
    expect(outcome).toMatchObject({ ok: true, status: 'inconclusive', topology: null, result: { stats: { stopReason: 'interrupted', complete: false, states: 0 } } });
    if (!outcome.ok) return;
    expect(outcome.result.properties).toHaveLength(7);
    expect(outcome.result.properties.every((p) => p.verdict === 'inconclusive' && p.reason === 'stopped by an interrupt while parsing the file; nothing was checked')).toBe(true);
  });
});
