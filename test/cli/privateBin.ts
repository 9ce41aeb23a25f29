/**
 * A private copy of the bundled bin, built the way `npm run build` does, for tests that must run the
 * program users run: worker threads start only from compiled files, never from the sources the
 * in-process tests import.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface PrivateBin {
  /** The bundle's directory (dist/ of the copy), once built. */
  readonly dist: string;
  readonly bin: string;
  build: () => void;
  remove: () => void;
}

/**
 * The copy's directory is made by `build` (in beforeAll), not before: a run that filters out every
 * test of a file never builds, and never leaves an empty directory behind.
 */
export function privateBin(prefix: string): PrivateBin {
  let dist: string | null = null;
  const built = (): string => {
    if (dist === null) throw new Error('privateBin: build() it first (in beforeAll)');
    return dist;
  };
  return {
    get dist() {
      return built();
    },
    get bin() {
      return join(built(), 'cli', 'mxproof.mjs');
    },
    build: () => {
      // Inside the checkout, so the bundle's externals (@viz-js/viz, @mermaid-js/tiny, jiti) resolve from node_modules.
      mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
      const made = mkdtempSync(join(ROOT, 'test-artifacts', prefix));
      dist = made;
      execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', made], { cwd: ROOT });
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), made], { cwd: ROOT });
    },
    remove: () => {
      if (dist !== null) rmSync(dist, { recursive: true, force: true });
    },
  };
}

export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBin(bin: string, args: readonly string[]): BinRun {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the bin, sends `signal` once what it printed satisfies `after`, and collects what it printed. */
export async function interruptBin(bin: string, args: readonly string[], signal: NodeJS.Signals, after: (stdout: string) => boolean) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (after(stdout)) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  });
  child.kill(signal);
  return { ...(await ended), stdout, stderr };
}

/** The bundled symmetry fixture with a third message: 13.8 M states unreduced, still exploring long after a small file's report. */
export function slowFile(dir: string, name = 'slow.yaml'): string {
  const slow = join(dir, name);
  const equalFilters = readFileSync(join(ROOT, 'test', 'fixtures', 'symmetry', 'equal-filters.yaml'), 'utf8');
  writeFileSync(slow, `${equalFilters.trimEnd()}\n  - { from: "y@sender.test", to: "alice@example.com" }\n`);
  return slow;
}
