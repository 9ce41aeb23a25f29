/**
 * Where a worker thread's entry module is, seen from the module that starts it (`here`, its
 * `import.meta.url`): beside it unbundled (dist/src/…/NAME.js); in the bundle (scripts/bundle.mjs)
 * beside the bin, dist/cli/NAME.mjs, while the caller sits in dist/cli/ or a chunk under it. Null
 * when the caller runs from its TypeScript source (the in-process tests): Node cannot start a
 * worker from it, so the work stays in the calling thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function workerEntry(here: string, name: string, command: string): URL | null {
  if (here.endsWith('.ts')) return null;
  const candidates = here.endsWith('.mjs') ? [`./${name}.mjs`, `../${name}.mjs`] : [`./${name}.js`];
  for (const c of candidates) {
    const url = new URL(c, here);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`${command}: no worker entry beside ${fileURLToPath(here)} (looked for ${candidates.join(', ')})`);
}
