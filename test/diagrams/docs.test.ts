/**
 * The project's own docs/examples/ is generated from examples/ by `npm run docs` and checked in.
 * This test regenerates it in memory and fails when a page differs, is missing or is left over:
 * run `npm run docs` and commit the result. Generation is deterministic: no timestamps, no
 * durations, the same bytes twice.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMermaidScript } from '../../src/docs/mermaidScript.js';
import { generateDocs, type DocFile } from '../../src/docs/site.js';
import { ROOT } from '../helpers.js';
import { exampleInputs, svgRenderer } from './helpers.js';

const DOCS = join(ROOT, 'docs', 'examples');
const STALE = 'docs/examples is stale: run `npm run docs` and commit docs/examples';

async function generate(): Promise<DocFile[]> {
  return generateDocs(exampleInputs(), { svg: await svgRenderer(), mermaidScript: readMermaidScript() });
}

describe('docs/examples', () => {
  it('is what `npm run docs` generates from examples/', async () => {
    const pages = await generate();
    expect(existsSync(DOCS), STALE).toBe(true);
    expect(readdirSync(DOCS).filter((f) => !f.startsWith('.')).sort(), STALE).toEqual(pages.map((p) => p.path).sort());
    for (const page of pages) {
      const onDisk = readFileSync(join(DOCS, page.path), 'utf8');
      // Compare without printing megabytes of inlined mermaid.js when the HTML page differs.
      if (onDisk !== page.content) expect.fail(`${STALE} (${page.path} differs)`);
    }
  });

  it('is deterministic, and carries no duration', async () => {
    const [a, b] = [await generate(), await generate()];
    expect(a.map((p) => p.content)).toEqual(b.map((p) => p.content));
    for (const page of a.filter((p) => p.path.endsWith('.md'))) expect(page.content).not.toMatch(/\b\d+(\.\d+)? ?ms\b|durationMs/);
  });

  it('shows the founding loop with its verdicts, map and sequence diagrams', async () => {
    const page = (await generate()).find((p) => p.path === 'postini-mailhop.md')!.content;
    expect(page).toContain('| ✓ | call-ahead-bounded | violated | violated |');
    expect(page).toMatch(/## Topology\n\n```mermaid\nflowchart LR/);
    expect(page.match(/```mermaid\nsequenceDiagram/g)).toHaveLength(2);
    expect(page).toContain('**The counterexamples loop through mx.postini.test ↔ mx1.mailhop.test.**');
  });
});
