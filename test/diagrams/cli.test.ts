/**
 * `mxproof diagram` and `mxproof docs` from the command line: each kind in each format, files
 * written with --out, and the exit codes — 0 when drawn (also when there is no counterexample to
 * draw, which stderr says), 2 for bad input or usage.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run.js';
import { EXAMPLES, ROOT } from '../helpers.js';

const example = (name: string) => join(EXAMPLES, name);
const FOUNDING = example('postini-mailhop.yaml');
const scratch = mkdtempSync(join(tmpdir(), 'mxproof-diagram-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('mxproof diagram', () => {
  it.each([
    ['topology', 'mermaid', /^flowchart LR\n/],
    ['topology', 'dot', /^digraph topology \{/],
    ['machines', 'mermaid', /^stateDiagram-v2\n/],
    ['machines', 'dot', /^digraph machines \{/],
    ['trace', 'mermaid', /^sequenceDiagram\n/],
    ['trace', 'dot', /^digraph trace \{/],
  ])('--kind %s --format %s', async (kind, format, start) => {
    const r = await cli('diagram', FOUNDING, '--kind', kind, '--format', format);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(start);
  });

  it('renders SVG in-process for every kind', async () => {
    for (const kind of ['topology', 'machines', 'trace']) {
      const r = await cli('diagram', FOUNDING, '--kind', kind, '--format', 'svg');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
      expect(XMLValidator.validate(r.stdout)).toBe(true);
    }
  });

  it('draws the topology by default, as Mermaid', async () => {
    expect((await cli('diagram', FOUNDING)).stdout).toMatch(/^flowchart LR\n/);
  });

  it('writes to --out instead of stdout', async () => {
    const out = join(scratch, 'loop.svg');
    const r = await cli('diagram', FOUNDING, '--kind', 'trace', '--format', 'svg', '--out', out);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toContain('</svg>');
  });

  it('draws the trace of a chosen property, and every step with --all-steps', async () => {
    const r = await cli('diagram', FOUNDING, '--kind', 'trace', '--property', 'call-ahead-bounded');
    expect(r.stdout).toContain('loop step 5 repeats step 3');
    const long = example('postini-mailhop-verify-none.yaml');
    expect((await cli('diagram', long, '--kind', 'trace')).stdout).toContain('more steps like these');
    expect((await cli('diagram', long, '--kind', 'trace', '--all-steps')).stdout).not.toContain('more steps like these');
  });

  it('draws every role without a file, and only the roles asked for with --role', async () => {
    const all = (await cli('diagram', '--kind', 'machines')).stdout;
    expect(all.match(/^ {2}state "[^"]+" as c\d+ \{$/gm)).toHaveLength(6);
    const relay = (await cli('diagram', '--kind', 'machines', '--role', 'relay')).stdout;
    expect(relay).toContain('[follows the best-MX rule for the domain and is the best MX] / chooses the hop to-destination');
    expect(relay).not.toMatch(/as c\d+ \{/);
  });

  it('exits 0 and says so on stderr when there is no counterexample to draw', async () => {
    const r = await cli('diagram', example('mailhop-only.yaml'), '--kind', 'trace', '--out', join(scratch, 'none.mmd'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no counterexample to draw in .*mailhop-only\.yaml: no property is violated/);
    expect(existsSync(join(scratch, 'none.mmd'))).toBe(false);
    const holds = await cli('diagram', FOUNDING, '--kind', 'trace', '--property', 'no-open-relay');
    expect(holds.stderr).toContain(': no-open-relay holds');
  });

  it('exits 2 for bad input or usage', async () => {
    for (const argv of [
      ['diagram', FOUNDING, '--kind', 'picture'],
      ['diagram', FOUNDING, '--format', 'png'],
      ['diagram', '--kind', 'trace'],
      ['diagram', '--kind', 'topology'],
      ['diagram', join(ROOT, 'no-such-file.yaml')],
      ['diagram', FOUNDING, '--kind', 'trace', '--property', 'no-such-property'],
      ['diagram', '--kind', 'machines', '--role', 'postmaster'],
      ['diagram', FOUNDING, '--out', join(scratch, 'missing-dir', 'x.mmd')],
    ]) {
      const r = await cli(...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });
});

describe('mxproof docs', () => {
  it('writes the pages, the statecharts, the index, the HTML page and the Mermaid script it loads', async () => {
    const out = join(scratch, 'site');
    const r = await cli('docs', FOUNDING, example('mailhop-only.yaml'), '--out', out);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['diagrams.html', 'index.md', 'machines.md', 'mailhop-only.md', 'mermaid.tiny.js', 'postini-mailhop.md']);
    expect(r.stdout).toContain('wrote 6 files');
    const page = readFileSync(join(out, 'postini-mailhop.md'), 'utf8');
    expect(page).toContain('```mermaid\nsequenceDiagram');
    // Named as the link goes, relative to the output folder: no absolute path of this machine.
    const link = relative(out, FOUNDING).split(sep).join('/');
    expect(page).toContain(`[${link.replace(/_/g, '\\_')}](${link})`);
    // ROOT may appear only inside a relative path (../../work/...), never as an absolute one.
    const absolute = new RegExp(`(?<!\\.\\.)${ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|${scratch}`);
    for (const name of readdirSync(out).filter((f) => f !== 'mermaid.tiny.js')) {
      expect(absolute.exec(readFileSync(join(out, name), 'utf8'))?.[0], name).toBeUndefined();
    }
  });

  it('names the files relative to --base, and still links them from the output folder', async () => {
    const out = join(scratch, 'based');
    expect((await cli('docs', FOUNDING, '--out', out, '--base', ROOT, '--no-html')).code).toBe(0);
    const page = readFileSync(join(out, 'postini-mailhop.md'), 'utf8');
    expect(page).toContain(`Topology file: [examples/postini-mailhop.yaml](${relative(out, FOUNDING).split(sep).join('/')})`);
    expect(readFileSync(join(out, 'index.md'), 'utf8')).toContain('| examples/postini-mailhop.yaml |');
  });

  it('stops each check at --timeout and writes the undecided verdicts as inconclusive', async () => {
    const out = join(scratch, 'timeout');
    // A microsecond: the search stops at its first look at the clock, before any verdict.
    const r = await cli('docs', FOUNDING, '--out', out, '--no-html', '--timeout', '0.000001');
    expect(r.code).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(out, f), 'utf8')).join('\n')).toContain('| inconclusive |');
    expect((await cli('docs', FOUNDING, '--out', out, '--timeout', 'soon')).code).toBe(2);
  });

  it('leaves the HTML page out with --no-html', async () => {
    const out = join(scratch, 'md-only');
    expect((await cli('docs', FOUNDING, '--out', out, '--no-html')).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['index.md', 'machines.md', 'postini-mailhop.md']);
    expect(readFileSync(join(out, 'index.md'), 'utf8')).not.toContain('diagrams.html');
  });

  it('writes nothing and exits 2 when a file does not load', async () => {
    const out = join(scratch, 'broken');
    const r = await cli('docs', FOUNDING, join(ROOT, 'no-such-file.yaml'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
    expect(existsSync(out)).toBe(false);
  });

  it('needs --out', async () => {
    expect((await cli('docs', FOUNDING)).code).toBe(2);
  });
});
