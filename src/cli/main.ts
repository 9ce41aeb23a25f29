#!/usr/bin/env node
/** The executable: runs the CLI against the real process. The only place that sets the exit code (but for a second Ctrl-C: threaded.ts). */
import { runInWorker } from './threaded.js';

/**
 * Commands whose long synchronous runs Ctrl-C should stop with a report: they run in a worker
 * thread (threaded.ts). The others end at once on Ctrl-C, as a process without a handler does.
 */
const INTERRUPTIBLE = new Set(['check']);

// Beside this file: checkWorker.mjs in the bundle (dist/cli), checkWorker.js unbundled (dist/src/cli).
const worker = new URL(import.meta.url.endsWith('.mjs') ? './checkWorker.mjs' : './checkWorker.js', import.meta.url);

const argv = process.argv.slice(2);
// The CLI itself is loaded only where it runs: the worker loads its own copy.
const running = INTERRUPTIBLE.has(argv[0] ?? '')
  ? runInWorker(worker, argv)
  : Promise.all([import('./run.js'), import('./io.js')]).then(([{ run }, { processIO }]) => run(argv, processIO()));

running.then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A bug in mxproof, not bad input: say so plainly, with the stack for the bug report.
    process.stderr.write(`mxproof: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
