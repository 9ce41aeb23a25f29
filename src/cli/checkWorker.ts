/**
 * The worker thread a check runs in (main.ts starts it; threaded.ts is the other side). The engine
 * is synchronous: while it explores, the thread that runs it handles no signal. So the bin runs
 * the command here and keeps its main thread free: on Ctrl-C the main thread sets a flag in
 * shared memory, which the engine and the loader read with their clocks (io.interrupted), and
 * the check ends with what it reached. Everything the command prints is posted back in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CliIO } from './io.js';
import { run } from './run.js';
import type { ToMain, WorkerInput } from './threaded.js';

const input = workerData as WorkerInput;
const port = parentPort!;
const post = (message: ToMain): void => port.postMessage(message);
const stop = new Int32Array(input.stop);

const io: CliIO = {
  ...input.terminal,
  stdout: (text) => post({ kind: 'stdout', text }),
  stderr: (text) => post({ kind: 'stderr', text }),
  env: process.env,
  interrupted: () => Atomics.load(stop, 0) !== 0,
};

run(input.argv, io).then(
  (code) => post({ kind: 'done', code }),
  (err: unknown) => post({ kind: 'crashed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
);
