/**
 * The one breadth-first loop every engine runs (unpacked.ts over model objects, explorePacked.ts
 * over packed words, product.ts part by part through it): it walks the stored states in id order,
 * watches the budgets, reports progress, tracks the layers' depth and builds the explored graph
 * for liveness. What a state is, how its successors are listed and judged and how they are stored
 * is the frontier's: `expand` handles one state's transitions in a loop of its own, so the
 * per-transition work stays in one monomorphic method per engine.
 *
 * States get dense ids in discovery order, and breadth-first discovery order is queue order, so the
 * queue is simply the id range: `head` walks it, nothing is ever shifted or copied. Breadth-first
 * order makes every safety counterexample a shortest one.
 */
import { budgetSpent } from './budget.js';
import { IntVec } from './intvec.js';
import type { Graph } from './lasso.js';
import type { ExploreOptions, StopReason } from './result.js';

/** Why a run stopped: a budget, every verdict decided early (`decided`), or not at all (null: exhausted). */
export type Halt = StopReason | 'decided' | null;

/** Expansions between two looks at the clock: cheap enough to ignore, frequent enough to react. */
const CLOCK_EVERY = 1024;

/** The states a breadth-first run stores and how each is expanded (one per engine). */
export interface Frontier {
  /** States stored so far: ids 0 .. size - 1, in discovery order. */
  readonly size: number;
  /** Transitions explored so far (for progress). */
  readonly transitions: number;
  /** Judges initial state `i` and stores it unless it is stored already. */
  seed(i: number): Halt;
  /**
   * Lists the successors of stored state `from` (at breadth-first `depth`), judges each transition
   * and stores the successors not yet stored; pushes each successor's id onto `targets` when given.
   */
  expand(from: number, depth: number, targets: IntVec | null): Halt;
}

export interface BreadthFirstOptions extends ExploreOptions {
  /** Build the explored graph in CSR form (liveness needs it). */
  keepGraph: boolean;
  /** Added to the figures reported to `onProgress` (the parts explored before this one). */
  progressBase?: { states: number; transitions: number };
  /**
   * When progress was last reported, shared by the runs of one check: a product run explores its
   * parts one after another, and each part's own clock would report at its start — thousands of
   * lines a second on a provider's file — instead of every `progressIntervalMs`.
   */
  progressClock?: { last: number };
}

export interface BreadthFirstRun {
  stop: Halt;
  /** Initial states stored: they hold ids 0 .. roots - 1. */
  roots: number;
  /** Breadth-first depth of the deepest state stored. */
  maxDepth: number;
  /** The explored graph, when asked for and the space was exhausted. */
  graph: Graph | null;
}

export function breadthFirst(frontier: Frontier, initialCount: number, options: BreadthFirstOptions): BreadthFirstRun {
  const now = options.now ?? (() => performance.now());
  const started = options.startedAt ?? now();
  const timeoutMs = options.timeoutMs ?? Infinity;
  const onProgress = options.onProgress;
  const progressIntervalMs = options.progressIntervalMs ?? 250;
  const maxMemory = options.memoryUsed === undefined ? Infinity : (options.maxMemoryBytes ?? Infinity);
  const watchClock = onProgress !== undefined || timeoutMs !== Infinity || maxMemory !== Infinity || options.interrupted !== undefined;
  // The same questions the work before the search asks (budget.ts), polled every CLOCK_EVERY expansions.
  const budget = { ...options, startedAt: started, now };
  const base = options.progressBase ?? { states: 0, transitions: 0 };
  const progressClock = options.progressClock ?? { last: started };

  let stop: Halt = null;
  for (let i = 0; i < initialCount && stop === null; i++) stop = frontier.seed(i);

  const roots = frontier.size;
  // The explored graph in CSR form, built as we go because states are expanded in id order.
  const offsets = options.keepGraph ? new IntVec(16) : null;
  const targets = options.keepGraph ? new IntVec(16) : null;
  let maxDepth = 0;
  let head = 0;
  let depth = 0;
  let layerEnd = roots; // first id of the next breadth-first layer
  while (stop === null && head < frontier.size) {
    if (head === layerEnd) {
      depth++;
      layerEnd = frontier.size;
    }
    if (watchClock && head % CLOCK_EVERY === 0) {
      const t = now();
      const spent = budgetSpent(budget);
      if (spent !== null) {
        stop = spent;
        break;
      }
      if (onProgress !== undefined && t - progressClock.last >= progressIntervalMs) {
        progressClock.last = t;
        onProgress({ states: base.states + frontier.size, transitions: base.transitions + frontier.transitions, depth, elapsedMs: t - started });
      }
    }
    offsets?.push(targets!.length);
    const stored = frontier.size;
    stop = frontier.expand(head++, depth, targets);
    if (frontier.size > stored) maxDepth = depth + 1;
  }
  let graph: Graph | null = null;
  if (stop === null && offsets !== null) {
    offsets.push(targets!.length);
    graph = { offsets: offsets.view(), targets: targets!.view() };
  }
  return { stop, roots, maxDepth, graph };
}
