/**
 * The manifest: every verdict, reason, counterexample path and state count of the bundled examples
 * and the topology fixtures, pinned in test/fixtures/manifest.json. A refactor of the machines or
 * the engine must leave every one of them as it was; a deliberate change of the model regenerates
 * the file (`UPDATE_MANIFEST=1 npx vitest run test/manifest.test.ts`) and the diff shows, topology
 * by topology, what changed — to be explained in the commit.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../src/api/check.js';

const ROOT = new URL('../', import.meta.url);
const MANIFEST = new URL('fixtures/manifest.json', import.meta.url);
const FOLDERS = ['examples', 'test/fixtures/rules', 'test/fixtures/focus', 'test/fixtures/symmetry', 'test/fixtures/cli'];

const files = FOLDERS.flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, ROOT))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `${dir}/${f}`),
);

interface Entry {
  states: string;
  transitions: string;
  statesStored: number | null;
  complete: boolean;
  properties: Record<string, { verdict: string; reason: string | null; path: string | null; focus: string | null; steps: number | null; loopsFrom: number | null }>;
}

async function entryOf(file: string): Promise<Entry | string> {
  const outcome = await checkFile(new URL(file, ROOT).pathname, { config: {} });
  if (!outcome.ok) return `does not load: ${outcome.errors.map((e) => e.message).join('; ')}`;
  const { stats, properties } = outcome.result;
  return {
    states: String(stats.states),
    transitions: String(stats.transitions),
    statesStored: stats.statesStored ?? null,
    complete: stats.complete,
    properties: Object.fromEntries(
      properties.map((p) => [
        p.id,
        {
          verdict: p.verdict,
          reason: p.reason ?? null,
          path: p.counterexample?.path ?? null,
          focus: p.counterexample?.focus?.path ?? null,
          steps: p.counterexample?.steps.length ?? null,
          loopsFrom: p.counterexample?.loopsFrom ?? null,
        },
      ]),
    ),
  };
}

describe('the manifest of every example and fixture', () => {
  const pinned: Record<string, Entry | string> = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : {};
  const found: Record<string, Entry | string> = {};

  it('covers every bundled topology', () => {
    expect(files.length).toBeGreaterThan(60);
    if (process.env.UPDATE_MANIFEST !== '1') expect(Object.keys(pinned).sort()).toEqual([...files].sort());
  });

  it.each(files)('%s: verdicts, reasons, paths and counts as pinned', async (file) => {
    found[file] = await entryOf(file);
    if (process.env.UPDATE_MANIFEST === '1') {
      writeFileSync(MANIFEST, `${JSON.stringify({ ...pinned, ...found }, null, 1)}\n`);
      return;
    }
    expect(found[file]).toEqual(pinned[file]);
  });
});
