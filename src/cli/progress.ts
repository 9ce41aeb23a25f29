/**
 * Progress of long checks and explores on stderr: one line, rewritten in place, only when stderr is
 * a terminal and --quiet is not given (nothing at all in a pipe or a CI log). It says how far the
 * run got (states explored, or topologies checked), how fast it goes now, and for how long.
 */
import type { Progress } from '../checker/index.js';
import type { CliIO } from './io.js';

const CLEAR = '\r\x1b[2K';
const count = new Intl.NumberFormat('en-US');

/** 1234 → "1,234"; a rate over 10 000 as "12.3k". */
export function formatCount(n: number): string {
  return count.format(Math.round(n));
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M`;
  if (perSecond >= 1e4) return `${(perSecond / 1e3).toFixed(1)}k`;
  return formatCount(perSecond);
}

export function formatElapsed(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.floor(s - m * 60)).padStart(2, '0')} s`;
}

/** A line on the terminal that is overwritten in place and cleared before the report is printed. */
export class ProgressLine {
  private shown = false;

  constructor(private readonly io: CliIO) {}

  show(text: string): void {
    const width = this.io.stderrColumns;
    const fitted = width !== undefined && width > 10 && text.length >= width ? `${text.slice(0, width - 2)}…` : text;
    this.io.stderr(CLEAR + fitted);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.io.stderr(CLEAR);
    this.shown = false;
  }
}

/** Null when nothing may be shown: stderr is not a terminal, or --quiet. */
export function progressLine(io: CliIO, quiet: boolean): ProgressLine | null {
  return quiet || !io.stderrIsTTY ? null : new ProgressLine(io);
}

/**
 * The engine's progress for one file: states, the current rate (since the last report, so a run
 * that slows down shows it), transitions, depth and the time since the start.
 */
export function checkProgress(line: Pick<ProgressLine, 'show'> | null, label: string): ((p: Progress) => void) | undefined {
  if (line === null) return undefined;
  let last = { states: 0, elapsedMs: 0 };
  return (p) => {
    const dt = p.elapsedMs - last.elapsedMs;
    const rate = dt > 0 ? ((p.states - last.states) / dt) * 1000 : 0;
    last = { states: p.states, elapsedMs: p.elapsedMs };
    line.show(
      `${label}: exploring ${formatCount(p.states)} states · ${formatRate(rate)} states/s · ` +
        `${formatCount(p.transitions)} transitions · depth ${p.depth} · ${formatElapsed(p.elapsedMs)}`,
    );
  };
}

/** Explore's progress: the property searched, topologies checked, their rate, shrinking or not. */
export function exploreProgress(
  line: ProgressLine | null,
  label: string,
  now: () => number = () => performance.now(),
): ((p: { property: string; checked: number; shrinking: boolean }) => void) | undefined {
  if (line === null) return undefined;
  const started = now();
  let lastShown = -Infinity;
  return (p) => {
    const t = now();
    if (t - lastShown < 250) return;
    lastShown = t;
    const elapsed = t - started;
    const rate = elapsed > 0 ? (p.checked / elapsed) * 1000 : 0;
    line.show(
      `${label}: ${p.property}${p.shrinking ? ', shrinking' : ''} · ${formatCount(p.checked)} topologies checked · ` +
        `${formatRate(rate)}/s · ${formatElapsed(elapsed)}`,
    );
  };
}
