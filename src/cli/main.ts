#!/usr/bin/env node
/** The executable: runs the CLI against the real process. The only place that sets the exit code. */
import { processIO } from './io.js';
import { run } from './run.js';

run(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A bug in mxproof, not bad input: say so plainly, with the stack for the bug report.
    process.stderr.write(`mxproof: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
