/**
 * The generated HTML page in a real browser: Debian's Chromium, headless, through playwright-core
 * (no browser download). The page must render every diagram — Graphviz SVG inline, Mermaid
 * sequence diagrams by the inlined mermaid.js — with no Mermaid error; every ```mermaid block
 * of the Markdown pages must render in the same Mermaid; and the page built from hostile names
 * must show them as text and run nothing of theirs. Screenshots go to test-artifacts/.
 * Needs Chromium (test/tools.ts: skipped without it, failing under MXPROOF_REQUIRE).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERMAID_SCRIPT, readMermaidScript } from '../../src/docs/mermaidScript.js';
import { generateDocs, HTML_PAGE, type DocFile } from '../../src/docs/site.js';
import { visible } from '../../src/report/escape.js';
import { ROOT } from '../helpers.js';
import { needsTools, toolPath } from '../tools.js';
import { exampleInputs, svgRenderer } from './helpers.js';
import { hostileTopology, NAMES } from './hostile.js';

// The callbacks given to page.evaluate run in the browser, with its globals; the tests type-check without the DOM library.
declare const document: any;
declare const window: any;

const ready = needsTools('the HTML page in a real browser', 'chromium');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let context: BrowserContext | undefined;
let profile: string | undefined;

beforeAll(async () => {
  if (!ready) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'mxproof-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: toolPath('chromium')!, headless: true, args: ARGS, viewport: { width: 1280, height: 900 }, timeout: 20_000 });
}, 30_000);

afterAll(async () => {
  try {
    await context?.close();
  } finally {
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  }
});

/** Writes the pages to test-artifacts/<dir>, opens the HTML page, waits for Mermaid. */
async function open(dir: string, pages: readonly DocFile[], html = HTML_PAGE): Promise<{ page: Page; errors: string[] }> {
  const out = join(ARTIFACTS, dir);
  mkdirSync(out, { recursive: true });
  for (const p of pages) writeFileSync(join(out, p.path), p.content);
  const page = await context!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(pathToFileURL(join(out, html)).href, { timeout: 15_000 });
  await page.waitForFunction(() => document.body.dataset.mermaid !== undefined, null, { timeout: 20_000 });
  return { page, errors };
}

/** What the page shows of every diagram: its kind, engine, and the size of the SVG it holds. */
function diagrams(page: Page) {
  return page.$$eval('[data-diagram]', (figures: any[]) =>
    figures.map((f) => {
      const svg = f.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      const details = f.closest('details');
      return {
        kind: f.dataset.diagram,
        engine: f.dataset.engine,
        svg: svg !== null,
        // An SVG inside a closed <details> has no layout box; its viewBox still says it drew.
        drawn: svg !== null && ((box!.width > 0 && box!.height > 0) || (details !== null && svg.viewBox.baseVal.width > 0)),
        error: f.querySelector('[aria-roledescription="error"], .error-icon') !== null,
      };
    }),
  );
}

describe.skipIf(!ready)('the generated HTML page in headless Chromium', () => {
  let pages: DocFile[] = [];
  beforeAll(async () => {
    pages = generateDocs(exampleInputs(), { svg: await svgRenderer(), mermaidScript: readMermaidScript() });
  });

  it('renders every diagram of the examples, Mermaid without an error', async () => {
    const { page, errors } = await open('docs', pages);
    try {
      expect(await page.evaluate(() => [document.body.dataset.mermaid, document.body.dataset.mermaidError ?? ''])).toEqual(['done', '']);
      const shown = await diagrams(page);
      expect(shown.length).toBeGreaterThan(10);
      expect(shown.filter((d) => !d.svg || !d.drawn || d.error)).toEqual([]);
      expect(new Set(shown.map((d) => `${d.kind}/${d.engine}`))).toEqual(new Set(['topology/graphviz', 'trace/mermaid', 'trace/graphviz', 'statechart/graphviz']));
      expect(await page.innerText('main')).not.toMatch(/Syntax error|Parse error/);
      expect(errors).toEqual([]);
      // The founding loop's section as a reader first sees it, then its map and its trace whole.
      await page.locator('#postini-mailhop').scrollIntoViewIfNeeded();
      await page.evaluate(() => document.getElementById('postini-mailhop').scrollIntoView());
      await page.screenshot({ path: join(ARTIFACTS, 'docs.png') });
      const founding = page.locator('#postini-mailhop');
      await founding.locator('[data-diagram="topology"]').screenshot({ path: join(ARTIFACTS, 'founding-loop-topology.png') });
      await founding.locator('[data-diagram="trace"][data-engine="mermaid"]').first().screenshot({ path: join(ARTIFACTS, 'founding-loop-trace.png') });
    } finally {
      await page.close();
    }
  }, 45_000);

  it('renders every ```mermaid block of the Markdown pages in the same Mermaid', async () => {
    const blocks = pages.filter((p) => p.path.endsWith('.md')).flatMap((p) => [...p.content.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => ({ page: p.path, source: m[1]! })));
    expect(blocks.length).toBeGreaterThan(10);
    // A page with the same Mermaid and no diagrams of its own; the blocks render one by one.
    const script = pages.find((p) => p.path === MERMAID_SCRIPT)!;
    const harness = `<!doctype html><html><head><meta charset="utf-8"></head><body><main></main><script src="${MERMAID_SCRIPT}"></script><script>document.body.dataset.mermaid = 'done'</script></body></html>`;
    const { page } = await open('markdown', [...pages.filter((p) => p.path.endsWith('.md')), script, { path: 'mermaid.html', content: harness }], 'mermaid.html');
    try {
      const failures = await page.evaluate(async (all) => {
        const m = window.mermaid as { render(id: string, text: string): Promise<{ svg: string }> };
        const bad: string[] = [];
        for (const [i, b] of all.entries()) {
          try {
            const { svg } = await m.render(`md${i}`, b.source);
            if (!svg.includes('<svg') || svg.includes('aria-roledescription="error"')) bad.push(`${b.page}: no diagram`);
          } catch (e) {
            bad.push(`${b.page}: ${(e as Error).message}`);
          }
        }
        return bad;
      }, blocks);
      expect(failures).toEqual([]);
    } finally {
      await page.close();
    }
  }, 45_000);

  it('copied alone, without the Mermaid script, says so and shows each run drawn by Graphviz', async () => {
    const { page, errors } = await open('alone', pages.filter((p) => p.path === HTML_PAGE));
    try {
      expect(await page.evaluate(() => document.body.dataset.mermaid)).toBe('missing');
      expect(await page.isVisible('#mermaid-missing')).toBe(true);
      const traces = page.locator('[data-diagram="trace"][data-engine="graphviz"] svg');
      expect(await traces.count()).toBeGreaterThan(0);
      for (const svg of await traces.all()) expect(await svg.isVisible()).toBe(true);
      expect(await page.locator('[data-engine="mermaid"]').first().isVisible()).toBe(false);
      // The browser reports the missing file as a failed load, not a script error.
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 45_000);

  it('shows hostile names as text and runs none of their markup', async () => {
    const topology = hostileTopology();
    // Every step, so the mailbox's faults put its name into the sequence diagrams too.
    const pages = generateDocs([{ file: topology.file, text: '# <img src=x onerror="window.__pwned=1">\nversion: 1\n', topology, sourceLink: null }], {
      svg: await svgRenderer(),
      mermaidScript: readMermaidScript(),
      allSteps: true,
    });
    const { page, errors } = await open('hostile', pages);
    try {
      expect(await page.evaluate(() => document.body.dataset.mermaid)).toBe('done');
      expect((await diagrams(page)).filter((d) => !d.svg || !d.drawn || d.error)).toEqual([]);
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
      expect(await page.$$eval('main img, main script, main iframe, main b:not(svg b), main i', (els) => els.length)).toBe(0);
      const mermaidText: string = await page.$$eval('[data-engine="mermaid"] svg', (svgs: any[]) => svgs.map((s) => s.textContent ?? '').join('\n'));
      const graphvizText: string = await page.$$eval('[data-diagram="topology"] svg', (svgs: any[]) => svgs.map((s) => s.textContent ?? '').join('\n'));
      for (const name of NAMES.slice(0, 3)) {
        expect(graphvizText).toContain(name);
        expect(mermaidText.replace(/\s+/g, ' ')).toContain(name.replace(/\s+/g, ' '));
      }
      expect(mermaidText).toContain(visible(`TO:<${topology.messages[0]!.to}>`));
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, 'hostile.png') });
      await page.locator('[data-diagram="trace"][data-engine="mermaid"]').first().screenshot({ path: join(ARTIFACTS, 'hostile-trace.png') });
    } finally {
      await page.close();
    }
  }, 45_000);
});
