/**
 * Bundles the compiled CLI (dist/src/cli/main.js) into dist/cli/, the file `bin` points at, and
 * the worker threads `check` and `explore` run in (dist/src/cli/checkWorker.js, check --jobs's
 * dist/src/cli/checkPoolWorker.js, dist/src/explore/exploreWorker.js) beside it.
 *
 * Why: Node loads an ES module graph file by file, and zod, yaml and commander alone are a few
 * hundred files. Unbundled, `mxproof check` on a small example spent ≈ 300 ms loading modules for a
 * 5–30 ms check; bundled, one file is read and parsed. Code splitting keeps the lazy command table
 * in src/cli/run.ts lazy: each command is its own chunk, so `check` never loads fast-check, the
 * diagram renderers or the Exim stager.
 *
 * Left outside the bundle: @viz-js/viz (a 1.4 MB WASM Graphviz, loaded only by diagram/docs),
 * @mermaid-js/tiny (read as a file by `docs`, never imported), jiti (imported only to load an
 * mxproof.config.ts; it loads its own Babel lazily) and playwright-core (tests only). The API
 * (`import 'mxproof'`) stays unbundled in dist/src: a library should share its dependencies with
 * the program that imports it.
 */
import { chmodSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

// The compiled tree to bundle from, dist/ unless given (test/cli/bin.test.ts bundles a private copy).
const dist = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'dist'));
const outdir = join(dist, 'cli');

rmSync(outdir, { recursive: true, force: true });
await build({
  // The worker threads, beside the bin: the one `check` runs in (src/cli/threaded.ts; main.ts finds
  // it there), check --jobs's pool (src/cli/checkPool.ts) and explore's pool (src/explore/parallel.ts
  // finds it there).
  entryPoints: {
    mxproof: join(dist, 'src', 'cli', 'main.js'),
    checkWorker: join(dist, 'src', 'cli', 'checkWorker.js'),
    checkPoolWorker: join(dist, 'src', 'cli', 'checkPoolWorker.js'),
    exploreWorker: join(dist, 'src', 'explore', 'exploreWorker.js'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  external: ['@viz-js/viz', '@mermaid-js/tiny', 'jiti', 'playwright-core'],
  // commander and other CommonJS packages call require('node:events'); an ES module has no
  // require, so give the bundle one.
  banner: { js: "import { createRequire as __mxproofRequire } from 'node:module'; const require = __mxproofRequire(import.meta.url);" },
  // Statecharts (src/report/statechart.ts) name guards and actions by their functions' names; without
  // this, esbuild renames colliding ones (`and` → `and2`) and `mxproof docs` draws the renamed ones.
  keepNames: true,
  // Source positions in stack traces of internal errors point at dist/src, which ships beside it.
  sourcemap: 'linked',
  logLevel: 'warning',
});
chmodSync(join(outdir, 'mxproof.mjs'), 0o755);
// The unbundled entry stays runnable too: npx keeps the bin links it made for an earlier
// package.json (~/.npm/_npx), and those point at dist/src/cli/main.js.
chmodSync(join(dist, 'src', 'cli', 'main.js'), 0o755);
