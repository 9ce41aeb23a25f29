/**
 * A counterexample as nested blocks, the shape every sequence drawing shares: each call-ahead
 * inside the session that caused it (a block per depth), the part that repeats forever inside one
 * loop block to the end, and the middle of a long trace elided as in the text report. Blocks nest
 * properly: where the loop starts inside a call-ahead, the call-ahead block closes and reopens
 * inside the loop.
 */
import type { Counterexample, Step } from '../../properties/result.js';
import { relevantSteps } from './relevantSteps.js';

export type TraceItem =
  | { kind: 'step'; step: Step }
  /** Steps left out of a long trace. */
  | { kind: 'gap'; count: number }
  | { kind: 'call-ahead'; depth: number; caller: string; items: TraceItem[] }
  | { kind: 'loop'; label: string; items: TraceItem[] }
  /** What the drawing leaves out of the run, said once at its end (relevantSteps.ts). */
  | { kind: 'note'; text: string };

export interface TraceTree {
  /** Lifelines in order of first appearance. */
  participants: string[];
  items: TraceItem[];
}

export interface TraceOptions {
  /** Past this many steps the middle is elided (default 60, as in the text report). */
  longTrace?: number;
  /** Steps kept at each end of an elided trace (default 24). */
  keep?: number;
  /** Every step of the run, not only those its violation needs, and no elided middle (`--all-steps`). */
  allSteps?: boolean;
}

type Entry = { kind: 'step'; step: Step; depth: number } | { kind: 'gap'; count: number; depth: number };

/**
 * Where the repeating part starts and what to call it: a lasso's `loopsFrom`, or else a trace that
 * ends by repeating an earlier call-ahead (the chain repeats from that step forever).
 */
export function loopOf(cx: Counterexample): { from: number; label: string } | null {
  if (cx.loopsFrom !== null) return { from: cx.loopsFrom, label: `from step ${cx.loopsFrom} the run repeats forever` };
  const last = cx.steps.at(-1);
  if (last?.repeats !== undefined) return { from: last.repeats, label: `step ${last.n} repeats step ${last.repeats}: the call-ahead chain never ends` };
  return null;
}

export function traceTree(full: Counterexample, options: TraceOptions = {}): TraceTree {
  const { cx, note } = relevantSteps(full, options.allSteps === true);
  const entries = visibleEntries(cx, options.allSteps === true ? Infinity : (options.longTrace ?? 60), options.keep ?? 24);
  const loop = loopOf(cx);
  const root: TraceItem[] = [];
  let stack: TraceItem[][] = [root];
  let looped = false;
  for (const entry of entries) {
    const n = entry.kind === 'step' ? entry.step.n : null;
    const startsLoop = loop !== null && !looped && (n === null ? nextStepAfterGap(entries, entry) >= loop.from : n >= loop.from);
    if (startsLoop) {
      const block: TraceItem = { kind: 'loop', label: loop!.label, items: [] };
      root.push(block);
      stack = [block.items];
      looped = true;
    }
    while (stack.length - 1 > entry.depth) stack.pop();
    while (stack.length - 1 < entry.depth) {
      const caller = entry.kind === 'step' ? (entry.step.kind === 'reply' ? (entry.step.to ?? entry.step.from) : entry.step.from) : '';
      const block: TraceItem = { kind: 'call-ahead', depth: stack.length, caller, items: [] };
      stack.at(-1)!.push(block);
      stack.push(block.items);
    }
    stack.at(-1)!.push(entry.kind === 'step' ? { kind: 'step', step: entry.step } : { kind: 'gap', count: entry.count });
  }
  if (note !== null) root.push({ kind: 'note', text: note });
  return { participants: participantsOf(entries), items: root };
}

function nextStepAfterGap(entries: readonly Entry[], gap: Entry): number {
  const next = entries[entries.indexOf(gap) + 1];
  return next?.kind === 'step' ? next.step.n : Infinity;
}

/**
 * The steps shown, each with the call-ahead depth it is drawn at. A fault happens beside the
 * sessions in flight, so it stays at the depth around it; a gap sits at the shallower of its ends.
 */
function visibleEntries(cx: Counterexample, longTrace: number, keep: number): Entry[] {
  const total = cx.steps.length;
  // By position, not by number: a cut run's numbers have gaps.
  const shown = (i: number) => total <= longTrace || i < keep || i >= total - keep;
  const entries: Entry[] = [];
  let depth = 0;
  for (const [i, step] of cx.steps.entries()) {
    if (!shown(i)) {
      if (i === keep) entries.push({ kind: 'gap', count: total - 2 * keep, depth: 0 });
      continue;
    }
    if (step.message !== null) depth = step.depth;
    entries.push({ kind: 'step', step, depth });
  }
  entries.forEach((e, i) => {
    if (e.kind === 'gap') e.depth = Math.min(entries[i - 1]?.depth ?? 0, entries[i + 1]?.depth ?? 0);
  });
  return entries;
}

function participantsOf(entries: readonly Entry[]): string[] {
  const seen = new Set<string>();
  for (const e of entries) {
    if (e.kind !== 'step') continue;
    seen.add(e.step.from);
    if (e.step.to !== null) seen.add(e.step.to);
  }
  return [...seen];
}
