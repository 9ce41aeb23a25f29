/** Running one benchmark measurement in a fresh process, with a given build's worker or bin. */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What a worker (worker.ts) prints of one measurement. */
export interface Measured {
  states: number | string;
  transitions: number;
  ms: number;
  peakMb: number;
  bytesPerState?: number;
  verdicts?: Record<string, string>;
  stored?: number;
  complete?: boolean;
  statesLog10?: number | null;
}

/** `node WORKER kind dims...`: its measurement, or null when it failed (or ran past `timeoutMs`, 0: no limit). */
export async function measureWith(worker: string, kind: string, dims: readonly string[], timeoutMs = 0): Promise<Measured | null> {
  try {
    const { stdout } = await run(process.execPath, [worker, kind, ...dims], { timeout: timeoutMs, maxBuffer: 1 << 20 });
    return JSON.parse(stdout) as Measured;
  } catch {
    return null;
  }
}

/** A bin on a file, `check --quiet FILE`, start to exit: wall ms and peak MB (from /usr/bin/time when the machine has it). */
export function binCheck(bin: string, file: string): { ms: number; peakMb: number | null; exit: number | null } {
  const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', process.execPath, bin, 'check', '--quiet', file], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, [bin, 'check', '--quiet', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  const rss = /MAXRSS (\d+)/.exec(r.stderr ?? '');
  return { ms, peakMb: rss === null ? null : Number(rss[1]) / 1024, exit: r.status };
}
