/**
 * `check --jobs N`: the files checked by N worker threads (checkPoolWorker.ts), each taking the next
 * file in order when it is done with one, while this thread only hands them out and prints. A file's
 * report is printed as soon as every file before it is; the progress line follows the first file not
 * yet printed, the one `--jobs 1` would be showing. So what is printed is what one thread prints,
 * but for the timings.
 *
 * Ctrl-C: this thread is free (it waits for answers), so it looks at the run's flag every few
 * milliseconds and copies it into the pool's: each worker's check stops where it is, the files not
 * yet begun come back "stopped by an interrupt before the file was read", as they do in one thread.
 */
import { Worker } from 'node:worker_threads';
import type { AnyPropertyId } from '../../models/topology/types.js';
import type { FileFlags, FileOutcome } from './checkOne.js';
import { workerEntry } from '../api/workerEntry.js';

export interface PoolInput {
  flags: FileFlags;
  properties: readonly AnyPropertyId[] | undefined;
  /** Whether workers post progress (only when a progress line is shown). */
  progress: boolean;
  /** One Int32: 0 until the run is interrupted. */
  stop: SharedArrayBuffer;
}

/** Where a worker loads a config from, and the name its errors and reports give it (config.ts). */
export interface ConfigAt {
  path: string;
  name: string;
}

/** A file to check: its place in the run, and the config it is checked with (null: none). */
export interface PoolTask {
  index: number;
  file: string;
  config: ConfigAt | null;
}

export type PoolAnswer =
  | { kind: 'progress'; index: number; text: string }
  | { kind: 'checked'; index: number; outcome: FileOutcome }
  | { kind: 'failed'; error: string };

export interface PoolRun {
  files: readonly string[];
  configs: readonly (ConfigAt | null)[];
  flags: FileFlags;
  properties: readonly AnyPropertyId[] | undefined;
  /** Called with each file's outcome, in file order. */
  onFile: (outcome: FileOutcome) => void;
  /** Where the first unprinted file's progress goes (null: progress is not shown). */
  line: { show: (text: string) => void; clear: () => void } | null;
  interrupted: (() => boolean) | undefined;
}

/** How often this thread looks at the run's interrupt flag: well under what a user notices. */
const POLL_MS = 20;

export async function checkInPool(url: URL, threads: number, run: PoolRun): Promise<void> {
  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const input: PoolInput = { flags: run.flags, properties: run.properties, progress: run.line !== null, stop };
  const pool = Array.from({ length: Math.min(threads, run.files.length) }, () => new Worker(url, { workerData: input }));
  const copyInterrupt = (): void => {
    if (run.interrupted?.() === true) Atomics.store(flag, 0, 1);
  };
  const poll = run.interrupted === undefined ? null : setInterval(copyInterrupt, POLL_MS);
  const done: (FileOutcome | undefined)[] = new Array(run.files.length);
  let printed = 0;
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const give = (w: Worker): void => {
        if (next >= run.files.length) return;
        copyInterrupt();
        const index = next++;
        w.postMessage({ index, file: run.files[index]!, config: run.configs[index] ?? null } satisfies PoolTask);
      };
      for (const w of pool) {
        w.on('message', (a: PoolAnswer) => {
          if (a.kind === 'failed') return reject(new Error(`check worker: ${a.error}`));
          if (a.kind === 'progress') {
            if (a.index === printed) run.line?.show(a.text);
            return;
          }
          done[a.index] = a.outcome;
          give(w);
          // In file order: this file and every one after it that is done already.
          while (printed < run.files.length && done[printed] !== undefined) {
            run.line?.clear();
            run.onFile(done[printed]!);
            done[printed] = undefined;
            printed++;
          }
          if (printed === run.files.length) resolve();
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (printed < run.files.length) reject(new Error(`a check worker exited with code ${code} before its answer`));
        });
      }
      for (const w of pool) give(w);
    });
  } finally {
    if (poll !== null) clearInterval(poll);
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** The worker's entry (workerEntry.ts); null from the TypeScript sources, where the work stays in this thread. */
export function checkPoolWorkerUrl(): URL | null {
  return workerEntry(import.meta.url, 'checkPoolWorker', 'check');
}
