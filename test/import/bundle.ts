/**
 * The CLI bundled from the sources with esbuild (as scripts/bundle.mjs does for dist/), so that a
 * suite can run the real `mxproof` inside a network namespace (`ip netns exec … node mxproof.mjs`),
 * where an in-process call cannot go: its DNS queries must leave from inside the namespace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../helpers.js';

export async function bundleCli(): Promise<{ path: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'mxproof-cli-'));
  await build({
    // `check` runs in a worker thread that main.ts finds beside it (src/cli/threaded.ts).
    entryPoints: { mxproof: join(ROOT, 'src', 'cli', 'main.ts'), checkWorker: join(ROOT, 'src', 'cli', 'checkWorker.ts') },
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    external: ['@viz-js/viz', '@mermaid-js/tiny', 'playwright-core'],
    banner: { js: "import { createRequire as __mxproofRequire } from 'node:module'; const require = __mxproofRequire(import.meta.url);" },
    keepNames: true,
    logLevel: 'warning',
  });
  return { path: join(dir, 'mxproof.mjs'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
