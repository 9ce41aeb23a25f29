/**
 * The package entry as a program uses it: discriminated unions, never an exception or a line on
 * stdout for a violation, a bad file, a bad option or nonsense input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as mxproof from '../../src/index.js';
import { check, checkFile, diff, explore, loadTopology, loadTopologyFile, renderJUnit, renderSarif, VERSION } from '../../src/index.js';
import { EXAMPLES, ROOT } from '../helpers.js';

const text = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

describe('the package entry', () => {
  let writes: ReturnType<typeof vi.spyOn>[] = [];
  beforeEach(() => {
    writes = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write'), vi.spyOn(console, 'log'), vi.spyOn(console, 'error')];
  });
  afterEach(() => {
    // Nothing the API does prints.
    for (const w of writes) expect(w).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it('check: a violation is a verdict, with status failed', () => {
    const outcome = check(text('postini-mailhop.yaml').replace(/\nexpect:[\s\S]*$/, '\n'), { file: 'loop.yaml' });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.status).toBe('failed');
    expect(outcome.file).toBe('loop.yaml');
    expect(outcome.result.properties.find((p) => p.id === 'call-ahead-bounded')!.verdict).toBe('violated');
    expect(outcome.topology?.positions['/hosts/mx.postini.test/verify']).toEqual({ line: 18, col: 13 });
  });

  it('check: expected violations pass, a budget makes it inconclusive', () => {
    expect(check(text('postini-mailhop.yaml'))).toMatchObject({ ok: true, status: 'passed', file: '(input)' });
    expect(check(text('mailhop-only.yaml'), { maxStates: 3 })).toMatchObject({ ok: true, status: 'inconclusive' });
  });

  it('check: bad text, a missing file, bad options and nonsense come back as errors', () => {
    expect(check('version: 1\nhosts: [\n', { file: 'broken.yaml' })).toMatchObject({ ok: false, file: 'broken.yaml', errors: [{ file: 'broken.yaml', field: '(yaml)' }] });
    expect(checkFile(join(ROOT, 'nope.yaml'))).toMatchObject({ ok: false, errors: [{ message: 'no such file' }] });
    expect(check(text('mailhop-only.yaml'), { properties: ['eventual-delivry' as never] })).toMatchObject({ ok: false, errors: [{ field: '(options)' }] });
    expect(check(text('mailhop-only.yaml'), { maxStates: -1 })).toMatchObject({ ok: false, errors: [{ field: '(options)' }] });
    expect(check(42 as never)).toMatchObject({ ok: false, errors: [{ field: '(input)' }] });
    expect(check({ hosts: [{ name: 'x' }] } as never)).toMatchObject({ ok: false, errors: [{ field: '(topology)' }] });
  });

  it('check takes a Topology object, from the loader or the arbitraries', () => {
    const loaded = loadTopology(text('mailhop-only.yaml'), 'mailhop-only.yaml');
    if (!loaded.ok) throw new Error('does not load');
    expect(check(loaded.topology)).toMatchObject({ ok: true, status: 'passed', file: 'mailhop-only.yaml' });
    expect(loadTopologyFile(join(EXAMPLES, 'mailhop-only.yaml')).ok).toBe(true);
  });

  it('explore: findings are data; rules that do not load are errors', () => {
    const outcome = explore(text('rules/mailhop-relay.yaml'), { properties: ['call-ahead-bounded'], runs: 200, seed: 42, file: 'relay.yaml' });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.result.findings.map((f) => f.property)).toEqual(['call-ahead-bounded']);
    expect(explore('version: 2\n')).toMatchObject({ ok: false, errors: [{ field: 'version' }] });
    expect(explore(text('rules/mailhop-relay.yaml'), { runs: 0 })).toMatchObject({ ok: false, errors: [{ field: '(options)' }] });
  });

  it('diff: both sides checked and compared; the errors of both sides together', () => {
    const after = text('postini-mailhop.yaml').replace('    accepts: [example.com]\n    route: { bestMxElse', '    accepts: [example.com]\n    recipients: ["alice@example.com"]\n    route: { bestMxElse');
    const outcome = diff(text('postini-mailhop.yaml'), after);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.diff).toMatchObject({ before: '(before)', after: '(after)', broken: ['no-forwarding-loop'], fixed: ['call-ahead-bounded'] });
    const bad = diff('version: 3\n', 'hosts: 1\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect([...new Set(bad.errors.map((e) => e.file))]).toEqual(['(before)', '(after)']);
  });

  it('renders what it returns: JUnit and SARIF from check outcomes', () => {
    const outcomes = [check(text('postini-mailhop.yaml'), { file: 'examples/postini-mailhop.yaml' }), check('nope', { file: 'bad.yaml' })];
    expect(renderJUnit(outcomes)).toContain('<testsuite name="bad.yaml" tests="1" failures="0" errors="1"');
    expect(JSON.parse(renderSarif(outcomes)).runs[0].artifacts.map((a: { location: { uri: string } }) => a.location.uri)).toEqual(['examples/postini-mailhop.yaml', 'bad.yaml']);
  });

  it("exports the API's names and the version of package.json", () => {
    for (const name of ['loadTopology', 'check', 'checkFile', 'explore', 'diff', 'renderSarif', 'renderJUnit', 'renderCheckText', 'topologyArbitrary', 'formatLoadError', 'PROPERTY_IDS']) {
      expect(typeof (mxproof as Record<string, unknown>)[name], name).not.toBe('undefined');
    }
    expect(VERSION).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('package.json exports', () => {
  it("map 'mxproof' and 'mxproof/vitest' to what tsc builds from src/index.ts and src/vitest/index.ts", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', default: './dist/src/index.js' });
    expect(pkg.exports['./vitest']).toEqual({ types: './dist/src/vitest/index.d.ts', default: './dist/src/vitest/index.js' });
    for (const entry of ['src/index.ts', 'src/vitest/index.ts']) expect(() => readFileSync(join(ROOT, entry))).not.toThrow();
  });
});
