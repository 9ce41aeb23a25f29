/**
 * Running SPIN on an exported program: `spin -a` writes the verifier's C source, gcc compiles it
 * breadth-first (`-DBFS -DSAFETY`), and pan explores with `-c0` (go on past errors, so one run
 * reports every property it finds violated and counts the whole state space). Used by the
 * differential test and the benchmark; it needs Debian's `spin` and `gcc` on the PATH.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PromelaProperty } from './export.js';

const run = promisify(execFile);

/** Which property each assertion's text belongs to. */
const ASSERTIONS: Record<string, PromelaProperty> = {
  '!(call_ahead_unbounded)': 'call-ahead-bounded',
  '!(forwarding_loop)': 'no-forwarding-loop',
};

export interface PanResult {
  /** Properties with at least one failed assertion. */
  violated: PromelaProperty[];
  /** States stored (SPIN counts one more than mxproof: the state before the first step). */
  states: number;
  transitions: number;
  errors: number;
  /** pan's own figure for its memory use, in megabytes. */
  memoryMb: number;
  /** pan's elapsed time, measured around the process. */
  ms: number;
  /** The assertions pan reported, then the end of its output. */
  output: string;
}

export function spinAvailable(): boolean {
  try {
    execFileSync('spin', ['-V'], { stdio: 'ignore' });
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface CompileOptions {
  /** gcc optimisation level (default `-O0`: small models compile fastest). */
  optimize?: string;
  /** Extra `-D` flags for pan. */
  defines?: string[];
}

/** Writes `model.pml` into `dir`, runs `spin -a` and gcc there; resolves to the milliseconds taken. */
export async function compilePan(pml: string, dir: string, options: CompileOptions = {}): Promise<number> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.pml'), pml);
  const t0 = performance.now();
  await run('spin', ['-a', 'model.pml'], { cwd: dir });
  await run('gcc', [options.optimize ?? '-O0', '-w', '-DBFS', '-DSAFETY', ...(options.defines ?? []), '-o', 'pan', 'pan.c'], { cwd: dir });
  return performance.now() - t0;
}

export interface PanOptions {
  /** Go on past errors (`-c0`, default) or stop at the first (`-c1`). */
  allErrors?: boolean;
  /** log2 of the hash table size (`-w`, default 20). */
  hashBits?: number;
  /** Extra environment, e.g. MXPROOF_TOPOLOGY for a batch. */
  env?: Record<string, string>;
}

/**
 * Runs pan in `dir`. Its output is read as a stream: with `-c0` pan prints a line each time the
 * failing assertion changes, which on a large space can run to gigabytes, so only the assertions
 * seen and the closing statistics are kept.
 */
export function runPan(dir: string, options: PanOptions = {}): Promise<PanResult> {
  const args = [options.allErrors === false ? '-c1' : '-c0', '-n', `-w${options.hashBits ?? 20}`, '-m100000000'];
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(join(dir, 'pan'), args, { cwd: dir, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    const seen = new Set<string>();
    let tail = '';
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const m = /assertion violated\s+(\S+)/.exec(line);
        if (m !== null) seen.add(`assertion violated ${m[1]}`);
      }
      tail = (tail + chunk).slice(-8192);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`pan exited with ${code}: ${tail.slice(-500)}`));
      // pan exits 0 when it gives up on a state it cannot store (VECTORSZ too small): no count to compare.
      if (tail.includes('Search not completed')) return reject(new Error(`pan did not complete its search: ${tail.slice(0, 500)}`));
      const output = [...seen, tail].join('\n');
      resolve({ ...parsePan(output), ms: performance.now() - t0, output });
    });
  });
}

export function parsePan(stdout: string): Omit<PanResult, 'ms' | 'output'> {
  const violated = new Set<PromelaProperty>();
  for (const m of stdout.matchAll(/assertion violated\s+(\S+)/g)) {
    const p = ASSERTIONS[m[1]!];
    if (p === undefined) throw new Error(`pan reported an assertion mxproof did not write: ${m[1]}`);
    violated.add(p);
  }
  const number = (re: RegExp): number => Number(re.exec(stdout)?.[1] ?? NaN);
  return {
    violated: [...violated].sort(),
    states: number(/(\d+) states, stored/),
    transitions: number(/(\d+) transitions \(= stored\+matched\)/),
    errors: number(/errors: (\d+)/),
    memoryMb: number(/([\d.]+)\s+total actual memory usage/),
  };
}
