/** Progress of a long exploration on stderr, only on a terminal, overwritten in place. */
import type { Progress } from '../checker/index.js';
import type { CliIO } from './io.js';

export function progressReporter(io: CliIO, quiet: boolean, label: string): ((p: Progress) => void) | undefined {
  if (quiet || !io.stderrIsTTY) return undefined;
  return (p) => {
    const rate = p.elapsedMs > 0 ? Math.round((p.states / p.elapsedMs) * 1000) : 0;
    io.stderr(`\r${label}: ${p.states} states, ${p.transitions} transitions, depth ${p.depth}, ${rate} states/s, ${(p.elapsedMs / 1000).toFixed(1)} s`);
  };
}

export function clearProgress(io: CliIO, quiet: boolean): void {
  if (!quiet && io.stderrIsTTY) io.stderr('\r\x1b[2K');
}
