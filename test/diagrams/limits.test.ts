/**
 * Maps too large to draw (issue 17: `diagram --format svg` and `docs` on 5 000 MX records took a
 * minute, nearly all of it Graphviz laying out a map no one reads). Past MAX_LAID_OUT nodes and
 * edges the SVG is refused and the docs pages say so instead of drawing; past Mermaid's own
 * 50 000 characters a Markdown page leaves the Mermaid map out. The text forms stay available.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_LAID_OUT, MERMAID_MAX_TEXT, tooLargeToLayOut, tooLongForMermaid } from '../../src/report/drawLimit.js';
import { cli } from '../cli/run.js';

const scratch = mkdtempSync(join(tmpdir(), 'mxproof-limits-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `domains` domains of five MX records each, to servers outside the model: 6 nodes and 5 edges a domain. */
function manyDomains(domains: number): string {
  const lines = ['version: 1', 'dns:'];
  for (let d = 0; d < domains; d++) {
    lines.push(`  d${d}.example: { mx: [${[0, 1, 2, 3, 4].map((k) => `"${10 + k} mx${k}.d${d}.example"`).join(', ')}] }`);
    for (let k = 0; k < 5; k++) lines.push(`  mx${k}.d${d}.example: { a: ["192.0.2.${((d * 5 + k) % 250) + 1}"] }`);
  }
  lines.push('hosts:', '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }', 'messages:', '  - { from: bob@sender.test, to: alice@d0.example }');
  const path = join(scratch, `domains-${domains}.yaml`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const items = (n: number) => new Array<number>(n).fill(0);

describe('the limits', () => {
  it('lay out up to MAX_LAID_OUT nodes and edges together, not one more', () => {
    expect(tooLargeToLayOut({ nodes: items(MAX_LAID_OUT - 700), edges: items(700) })).toBeNull();
    expect(tooLargeToLayOut({ nodes: items(MAX_LAID_OUT - 700), edges: items(701) })).toBe('the map has 3,300 nodes and 701 edges, more than mxproof lays out (4,000 together)');
    expect(tooLongForMermaid('x'.repeat(MERMAID_MAX_TEXT))).toBeNull();
    expect(tooLongForMermaid('x'.repeat(MERMAID_MAX_TEXT + 1))).toBe('the map is 50,001 characters of Mermaid, more than Mermaid draws (50,000)');
  });
});

describe('a map past them', () => {
  // 400 domains: 2 402 nodes and 2 001 edges.
  const large = manyDomains(400);

  it('diagram --format svg refuses it with exit 2 and says what prints it; dot and mermaid print it', async () => {
    const svg = await cli('diagram', large, '--kind', 'topology', '--format', 'svg');
    expect(svg).toMatchObject({ code: 2, stdout: '' });
    expect(svg.stderr).toBe('mxproof: not drawn as SVG: the map has 2,402 nodes and 2,001 edges, more than mxproof lays out (4,000 together); --format dot or --format mermaid prints it for a layout of your own\n');
    const dot = await cli('diagram', large, '--kind', 'topology', '--format', 'dot');
    expect(dot.code).toBe(0);
    expect(dot.stdout.match(/ -> /g)).toHaveLength(2_001);
  }, 60_000);

  it('docs writes the pages with a note in place of each map', async () => {
    const out = join(scratch, 'docs-large');
    const r = await cli('docs', large, '--out', out);
    expect(r.code).toBe(0);
    const page = readFileSync(join(out, 'domains-400.md'), 'utf8');
    expect(page).not.toContain('```mermaid\nflowchart');
    expect(page).toMatch(/Not drawn here: the map is [\d,]+ characters of Mermaid, more than Mermaid draws \(50,000\)\. Nor is it drawn in diagrams\.html: the map has 2,402 nodes/);
    const html = readFileSync(join(out, 'diagrams.html'), 'utf8');
    expect(html).toContain('The map is not drawn: the map has 2,402 nodes and 2,001 edges');
    expect(html).not.toContain('data-diagram="topology"');
  }, 60_000);

  it('a map Graphviz can lay out but Mermaid cannot draw: the page points at diagrams.html, which draws it', async () => {
    // 100 domains: 602 nodes and 501 edges, about 80 000 characters of Mermaid.
    const out = join(scratch, 'docs-middle');
    const r = await cli('docs', manyDomains(100), '--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'domains-100.md'), 'utf8')).toMatch(/Not drawn here: the map is [\d,]+ characters of Mermaid, more than Mermaid draws \(50,000\)\. diagrams\.html draws it with Graphviz\./);
    expect(readFileSync(join(out, 'diagrams.html'), 'utf8')).toContain('data-diagram="topology"');
  }, 60_000);
});
