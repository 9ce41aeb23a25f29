/**
 * The program users run is the bundled bin (package.json "bin" → dist/cli/mxproof.mjs), not the
 * sources the other CLI tests call in-process. A bundle can break in ways the sources cannot: a
 * CommonJS dependency calling require(), a file found relative to import.meta.url, an external
 * package that does not resolve from dist/cli/, a lazy command chunk left out. So this builds a
 * private copy the way `npm run build` does and runs it as a child process.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interruptBin, privateBin, ROOT as root, runBin, slowFile as slowOf } from './privateBin.js';

const copy = privateBin('bin-');
const mxproof = (...args: string[]) => runBin(copy.bin, args);

beforeAll(() => copy.build(), 60_000);

afterAll(() => copy.remove());

describe('the bundled bin', () => {
  it('is where package.json points, executable, with a node shebang', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin.mxproof).toBe('dist/cli/mxproof.mjs');
    expect(statSync(copy.bin).mode & 0o111).not.toBe(0);
    expect(readFileSync(copy.bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('checks the README example: the founding loop, every verdict as expected, exit 0', () => {
    const r = mxproof('check', 'examples/postini-mailhop.yaml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/call-ahead-bounded\s+violated \(as expected\)/);
    expect(r.stdout).toMatch(/eventual-delivery\s+violated \(as expected\)/);
  });

  it('exits 1 with a counterexample when a property the file does not expect is violated', () => {
    const r = mxproof('check', 'test/fixtures/bin/founding-loop-no-expect.yaml', '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { properties: { id: string; verdict: string; counterexample?: unknown }[] };
    const cab = report.properties.find((p) => p.id === 'call-ahead-bounded');
    expect(cab?.verdict).toBe('violated');
    expect(cab?.counterexample).toBeDefined();
  });

  it('reports a malformed file with file, line and field, exit 2, no stack trace', () => {
    const r = mxproof('check', 'test/fixtures/bin/bad-role.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-role\.yaml:\d+:\d+: .*role/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists every command in --help and suggests the command a typo meant', () => {
    const help = mxproof('--help');
    expect(help.code).toBe(0);
    for (const cmd of ['check', 'explore', 'diagram', 'docs', 'stage', 'diff', 'replay', 'export']) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    }
    const typo = mxproof('chekc', 'examples/postini-mailhop.yaml');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean check\?/);
  });

  it('loads the lazily bundled commands and their external packages (Graphviz WASM, Promela)', () => {
    const svg = mxproof('diagram', 'examples/postini-mailhop.yaml', '--kind', 'topology', '--format', 'svg');
    expect(svg.stderr).toBe('');
    expect(svg.code).toBe(0);
    expect(svg.stdout).toMatch(/<svg[\s\S]*mx\.postini\.test[\s\S]*<\/svg>/);
    const pml = mxproof('export', '--promela', 'examples/postini-mailhop.yaml');
    expect(pml.code).toBe(0);
    expect(pml.stdout).toMatch(/^active proctype mail\(\)/m);
  });

  it('loads a TypeScript config beside the topology through jiti, left outside the bundle', () => {
    const r = mxproof('check', 'examples/plugins/hop-budget/rules.yaml', '--property', 'at-most-2-hosts');
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain('✓ at-most-2-hosts  violated (as expected)');
  });

  it('names the line and column of a syntax error in a JavaScript config, exit 2, no stack trace', () => {
    const config = join(copy.dist, 'broken.config.mjs');
    writeFileSync(config, 'export default {\n  properties: [ a b ],\n};\n');
    const r = mxproof('check', 'examples/mailhop-only.yaml', '--config', config);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${config}:2:19: (config): the config file cannot be loaded: SyntaxError: Unexpected identifier 'b'`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('finds Mermaid from the bundle and writes it once beside a lean docs page', () => {
    const out = join(copy.dist, 'docs-out');
    const r = mxproof('docs', 'examples/postini-mailhop.yaml', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'mermaid.tiny.js'), 'utf8').length).toBeGreaterThan(1_000_000);
    // The page loads the script; it does not carry it (it was 5.9 MB with mermaid.min.js inlined).
    expect(readFileSync(join(out, 'diagrams.html'), 'utf8').length).toBeLessThan(400_000);
  });
});

describe('explore on every core (--jobs)', () => {
  /** The JSON report of an explore, without the one figure that depends on the machine. */
  const explored = (file: string, jobs: number, ...more: string[]): unknown => {
    const r = mxproof('explore', file, '--seed', '7', '--runs', '300', '--jobs', String(jobs), '--format', 'json', '-q', ...more);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { durationMs?: number; findings: unknown[] };
    delete report.durationMs;
    return { code: r.code, report };
  };

  it.each(readdirSync(join(root, 'examples', 'rules')).filter((f) => f.endsWith('.yaml')))(
    'finds the same minimal findings, with the same paths and figures, in 1, 2 and 3 threads: examples/rules/%s',
    (name) => {
      const file = join('examples', 'rules', name);
      const one = explored(file, 1) as { code: number; report: { findings: unknown[] } };
      expect(one.code).toBe(1);
      expect(one.report.findings.length).toBeGreaterThan(0);
      expect(explored(file, 2)).toEqual(one);
      expect(explored(file, 3)).toEqual(one);
    },
    120_000,
  );

  it("loads a config's own properties again in each worker thread: the same findings as in one thread", () => {
    const file = join('examples', 'plugins', 'hop-budget', 'rules.yaml');
    const one = explored(file, 1, '--property', 'at-most-2-hosts') as { report: { findings: { property: string }[] } };
    expect(one.report.findings.map((f) => f.property)).toEqual(['at-most-2-hosts']);
    expect(explored(file, 2, '--property', 'at-most-2-hosts')).toEqual(one);
  }, 60_000);

  it("puts a config's roles back on every topology in each worker thread: the same findings as in one thread", () => {
    const dir = join('examples', 'plugins', 'filter-skips-call-ahead');
    const args = ['--property', 'no-backscatter', '--config', join(dir, 'mxproof.config.ts')];
    const one = explored(join(dir, 'rules.yaml'), 1, ...args) as { report: { findings: { property: string; topology: string }[] } };
    expect(one.report.findings.map((f) => f.property)).toEqual(['no-backscatter']);
    expect(one.report.findings[0]!.topology).toContain('role: chained-filter');
    expect(explored(join(dir, 'rules.yaml'), 2, ...args)).toEqual(one);
  }, 60_000);
});

describe('Ctrl-C (SIGINT) during a check, as the README and docs/ci.md document it', () => {
  const slowFile = () => slowOf(copy.dist);
  const interrupted = (args: string[], signal: NodeJS.Signals, after: (stdout: string) => boolean) => interruptBin(copy.bin, args, signal, after);

  type JsonLine = { file: string; properties: { id: string; verdict: string; reason: string | null }[]; stats: { complete: boolean; stopReason: string | null } };

  it('stops the check, prints every report with what it reached, and exits 130', async () => {
    const slow = slowFile();
    // One thread, whatever the machine's cores: with more, the last file would be checked beside the
    // slow one before the signal (test/cli/checkJobs.test.ts interrupts a pool).
    const r = await interrupted(['check', 'examples/mailhop-only.yaml', slow, 'examples/postini-mailhop.yaml', '--format', 'json', '--no-reductions', '--jobs', '1'], 'SIGINT', (out) => out.includes('\n'));
    expect({ code: r.code, signal: r.signal }).toEqual({ code: 130, signal: null });
    expect(r.stderr).toContain('mxproof: interrupted');
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as JsonLine);
    // The file checked before the signal keeps its verdicts; the one being checked stops where it
    // was, inconclusive; the one after it is not read, and says so.
    expect(lines.map((l) => l.file)).toEqual(['examples/mailhop-only.yaml', slow, 'examples/postini-mailhop.yaml']);
    expect(lines[0]!.stats.stopReason).toBeNull();
    expect(lines[1]!.stats).toMatchObject({ complete: false, stopReason: 'interrupted' });
    const cut = lines[1]!.properties.find((p) => p.id === 'eventual-delivery')!;
    expect(cut.verdict).toBe('inconclusive');
    expect(cut.reason).toMatch(/^stopped by an interrupt/);
    expect(lines[2]!.stats.stopReason).toBe('interrupted');
    expect(lines[2]!.properties.every((p) => p.verdict === 'inconclusive' && p.reason === 'stopped by an interrupt before the file was read; nothing was checked')).toBe(true);
  }, 60_000);

  it('prints the SARIF document at the end too, with the verdicts left open', async () => {
    const slow = slowFile();
    // SARIF prints nothing before the end: give the check a moment to be exploring.
    const aMomentLater = () => {
      const at = Date.now() + 1500;
      return () => Date.now() > at;
    };
    const once = await interrupted(['check', slow, '--format', 'sarif', '--no-reductions'], 'SIGINT', aMomentLater());
    expect(once.code).toBe(130);
    const sarif = JSON.parse(once.stdout) as { runs: { results: { kind: string; message: { text: string } }[] }[] };
    const open = sarif.runs[0]!.results.filter((r) => r.kind === 'open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]!.message.text).toMatch(/is inconclusive: stopped by an interrupt/);
  }, 60_000);
});
