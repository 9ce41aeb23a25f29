/**
 * `--no-reductions` (API: `reductions: false`) explores every state of the whole product, so a
 * user can cross-check what the reductions decided: the same verdicts and the same counts, only
 * nothing folded and nothing stored apart.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/api/check.js';
import { cli } from './run.js';

const TWIN_LOOP = join(import.meta.dirname, '..', 'fixtures', 'symmetry', 'twin-loop.yaml');
const MIGRATION = join(import.meta.dirname, '..', 'fixtures', 'cli', 'migration.yaml');
const SAFETY = ['--property', 'call-ahead-bounded', '--property', 'no-forwarding-loop'];

interface Report {
  properties: { id: string; verdict: string; counterexample?: { steps: unknown[]; path: string | null } }[];
  stats: { states: number; transitions: number; maxDepth: number | null; statesStored: number; symmetricHosts: string[][]; engine: string };
}

describe('--no-reductions', () => {
  it('gives the reduced check’s verdicts, counterexample lengths and counts, storing every state', async () => {
    const reduced = await cli('check', TWIN_LOOP, ...SAFETY, '--format', 'json');
    const full = await cli('check', TWIN_LOOP, ...SAFETY, '--format', 'json', '--no-reductions');
    expect(full.code).toBe(reduced.code);
    const r = JSON.parse(reduced.stdout) as Report;
    const f = JSON.parse(full.stdout) as Report;
    expect(r.stats.symmetricHosts).toEqual([['mx1.postini.test', 'mx2.postini.test']]);
    expect(r.stats.statesStored).toBeLessThan(r.stats.states);
    // The JSON report always has both keys: nothing folded, every state stored.
    expect(f.stats.symmetricHosts).toEqual([]);
    expect(f.stats.statesStored).toBe(f.stats.states);
    expect([f.stats.states, f.stats.transitions]).toEqual([r.stats.states, r.stats.transitions]);
    expect(f.properties.map((p) => [p.id, p.verdict, p.counterexample?.steps.length])).toEqual(
      r.properties.map((p) => [p.id, p.verdict, p.counterexample?.steps.length]),
    );
  });

  it('gives the counts and verdicts of messages checked apart where they share a transient host, and their counterexamples replay', async () => {
    // The migration with its first two messages: both meet the flaky new server (23 180 states whole, 1 258 apart).
    const dir = mkdtempSync(join(tmpdir(), 'mxproof-reductions-'));
    const file = join(dir, 'migration-two.yaml');
    writeFileSync(file, readFileSync(MIGRATION, 'utf8').replace(/^  - .*dave@.*\n/m, ''));
    const reduced = await cli('check', file, '--format', 'json');
    const full = await cli('check', file, '--format', 'json', '--no-reductions');
    expect(full.code).toBe(reduced.code);
    const r = JSON.parse(reduced.stdout) as Report;
    const f = JSON.parse(full.stdout) as Report;
    expect([r.stats.states, r.stats.transitions]).toEqual([f.stats.states, f.stats.transitions]);
    expect(r.stats.statesStored).toBeLessThan(f.stats.statesStored / 10);
    expect(r.stats.maxDepth).toBeNull();
    // Each run names its engine: the messages apart, or (without reductions) the packed system whole.
    expect([r.stats.engine, f.stats.engine]).toEqual(['packed-apart', 'packed']);
    expect(r.properties.map((p) => [p.id, p.verdict, p.counterexample?.steps.length])).toEqual(
      f.properties.map((p) => [p.id, p.verdict, p.counterexample?.steps.length]),
    );
    const paths = r.properties.flatMap((p) => (p.counterexample?.path == null ? [] : [p.counterexample.path]));
    expect(paths.length).toBeGreaterThanOrEqual(2);
    for (const path of paths) expect((await cli('replay', file, path)).code).toBe(0);
  });

  it('is the API option reductions: false', () => {
    const outcome = checkFile(TWIN_LOOP, { properties: ['call-ahead-bounded'], reductions: false });
    expect(outcome.ok && outcome.result.stats.statesStored).toBeUndefined();
    const folded = checkFile(TWIN_LOOP, { properties: ['call-ahead-bounded'] });
    expect(folded.ok && folded.result.stats.statesStored).toBeGreaterThan(0);
  });

  it('is listed in check --help', async () => {
    const help = await cli('check', '--help');
    expect(help.stdout).toMatch(/--no-reductions\s+store every state of the whole product/);
  });
});
