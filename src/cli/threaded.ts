/**
 * Running a command in a worker thread so Ctrl-C can stop it with a report (checkWorker.ts is the
 * worker's side). The first SIGINT (or SIGTERM) sets the shared flag and says so on stderr: the
 * check stops at its next look at the clock, prints its reports with what it reached, and the
 * process exits 130 (143). A second signal exits at once.
 */
import { Worker } from 'node:worker_threads';
import type { CliIO } from './io.js';

/** What the worker needs to know of the terminal; the rest of CliIO it makes itself. */
export interface WorkerInput {
  argv: readonly string[];
  terminal: Pick<CliIO, 'stderrIsTTY' | 'stdoutIsTTY' | 'stderrColumns' | 'cwd'>;
  /** One Int32: 0 until a signal asks the run to stop, then the signal's number. */
  stop: SharedArrayBuffer;
}

export type ToMain = { kind: 'stdout' | 'stderr'; text: string } | { kind: 'done'; code: number } | { kind: 'crashed'; error: string };

export const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

/**
 * What a signal does: the first sets the flag the worker reads and says so, the next exits at
 * once with 128 + the first signal's number (a run stuck where it does not look at the flag).
 */
export function signalHandler(
  flag: Int32Array,
  out: { exit: (code: number) => void; stderr: (text: string) => void; stderrIsTTY: boolean },
): (signal: keyof typeof SIGNALS) => void {
  return (signal) => {
    const first = Atomics.load(flag, 0);
    if (first !== 0) {
      out.exit(128 + first);
      return;
    }
    Atomics.store(flag, 0, SIGNALS[signal]);
    const again = signal === 'SIGINT' ? 'Ctrl-C again' : `${signal} again`;
    // On a terminal the line starts after the ^C the terminal echoed (or a progress line).
    out.stderr(`${out.stderrIsTTY ? '\n' : ''}mxproof: interrupted: stopping the check and printing what it reached (${again} quits at once)\n`);
  };
}

/** Resolves with the exit code: the command's own, or 128 + the signal that interrupted it. */
export function runInWorker(entry: URL, argv: readonly string[]): Promise<number> {
  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const input: WorkerInput = {
    argv,
    terminal: { stderrIsTTY: process.stderr.isTTY === true, stdoutIsTTY: process.stdout.isTTY === true, stderrColumns: process.stderr.columns, cwd: process.cwd() },
    stop,
  };
  const worker = new Worker(entry, { workerData: input });
  const onSignal = signalHandler(flag, { exit: (code) => process.exit(code), stderr: (t) => process.stderr.write(t), stderrIsTTY: process.stderr.isTTY === true });
  const handlers = (Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]).map((signal) => {
    const handler = () => onSignal(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return new Promise<number>((resolve, reject) => {
    let code: number | null = null;
    worker.on('message', (m: ToMain) => {
      switch (m.kind) {
        case 'stdout':
          process.stdout.write(m.text);
          break;
        case 'stderr':
          process.stderr.write(m.text);
          break;
        case 'done':
          code = m.code;
          break;
        case 'crashed':
          reject(new Error(m.error));
      }
    });
    worker.on('error', reject);
    worker.on('exit', () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      const signalled = Atomics.load(flag, 0);
      if (signalled !== 0) resolve(128 + signalled);
      else if (code !== null) resolve(code);
      else reject(new Error('the check worker exited without a result'));
    });
  });
}
