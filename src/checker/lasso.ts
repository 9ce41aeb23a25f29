/**
 * Liveness over the explored graph. Under strong fairness a run that avoids the goal forever ends
 * in a bottom component and visits all of it, so `eventually goal` fails exactly when a bottom
 * component with no goal state is reachable from an initial state through non-goal states. The
 * counterexample is a lasso: the shortest such prefix to the nearest state of a bad component, then
 * a cycle inside it back to that state (none for a deadlock, which just ends). The cycle walks every
 * transition of the component, so it is itself a fair run: the shortest cycle could show, say, a
 * fault flipping up and down while the one step that matters is never taken, which fairness rules
 * out. Past `COVER_LIMIT` transitions the shortest cycle is shown instead, to keep traces readable.
 */
import { bottomComponents, type Components, stronglyConnectedComponents } from './scc.js';

/** Successors of `v` are `targets[offsets[v] .. offsets[v + 1])`, listed in action order. */
export interface Graph {
  offsets: Int32Array;
  targets: Int32Array;
}

export interface Lasso {
  /** Node ids along the run; `ids[0]` is a root. */
  ids: number[];
  /** `actionIndices[i]` is the edge taken from `ids[i]`, as an index among its successors. */
  actionIndices: number[];
  /** Where the cycle starts in `ids`; the last id equals `ids[loopsFrom]`. Null for a deadlock. */
  loopsFrom: number | null;
}

/** Bottom components with more transitions than this get the shortest cycle, not a covering walk. */
export const COVER_LIMIT = 2000;

export class LassoFinder {
  private readonly components: Components;
  private readonly bottom: Uint8Array;
  // Scratch for the two searches, allocated once and shared by every property: a stamp per search
  // marks the visited nodes, so nothing is cleared between searches.
  private readonly queue: Int32Array;
  private readonly parentNode: Int32Array;
  private readonly parentEdge: Int32Array;
  private readonly mark: Int32Array;
  private stamp = 0;

  /** Nodes `0 .. rootCount - 1` are the initial states, in order. */
  constructor(
    private readonly graph: Graph,
    private readonly rootCount: number,
  ) {
    const { offsets, targets } = graph;
    this.components = stronglyConnectedComponents(offsets, targets);
    this.bottom = bottomComponents(offsets, targets, this.components);
    const n = offsets.length - 1;
    this.queue = new Int32Array(n);
    this.parentNode = new Int32Array(n);
    this.parentEdge = new Int32Array(n);
    this.mark = new Int32Array(n);
  }

  /** A lasso avoiding the goal forever, or null when every fair run reaches the goal. */
  find(isGoal: Uint8Array): Lasso | null {
    const { componentOf, count } = this.components;
    const bad = new Uint8Array(count);
    for (let c = 0; c < count; c++) bad[c] = this.bottom[c]!;
    for (let v = 0; v < componentOf.length; v++) if (isGoal[v] === 1) bad[componentOf[v]!] = 0;
    if (!bad.includes(1)) return null;

    const entry = this.nearestBad(isGoal, bad);
    if (entry < 0) return null;
    const prefix = this.walkBack(entry, -1);
    const cycle = this.coveringCycle(entry) ?? this.cycleThrough(entry);
    if (cycle === null) return { ...prefix, loopsFrom: null };
    return {
      ids: [...prefix.ids, ...cycle.ids.slice(1)],
      actionIndices: [...prefix.actionIndices, ...cycle.actionIndices],
      loopsFrom: prefix.ids.length - 1,
    };
  }

  /** Breadth-first from the non-goal roots through non-goal nodes; -1 when no bad node is reached. */
  private nearestBad(isGoal: Uint8Array, bad: Uint8Array): number {
    const { offsets, targets } = this.graph;
    const { componentOf } = this.components;
    const { queue, parentNode, parentEdge, mark } = this;
    const stamp = ++this.stamp;
    let head = 0;
    let tail = 0;
    for (let r = 0; r < this.rootCount; r++) {
      if (isGoal[r] === 1) continue;
      mark[r] = stamp;
      parentNode[r] = -1;
      queue[tail++] = r;
    }
    while (head < tail) {
      const v = queue[head++]!;
      if (bad[componentOf[v]!] === 1) return v;
      const end = offsets[v + 1]!;
      for (let e = offsets[v]!; e < end; e++) {
        const w = targets[e]!;
        if (mark[w] === stamp || isGoal[w] === 1) continue;
        mark[w] = stamp;
        parentNode[w] = v;
        parentEdge[w] = e;
        queue[tail++] = w;
      }
    }
    return -1;
  }

  /**
   * The shortest cycle from `entry` back to itself, by breadth-first search from `entry` inside its
   * component (in a bottom component every edge stays inside). Null when there is none: a deadlock.
   */
  private cycleThrough(entry: number): { ids: number[]; actionIndices: number[] } | null {
    const { offsets, targets } = this.graph;
    const { queue, parentNode, parentEdge, mark } = this;
    const stamp = ++this.stamp;
    let head = 0;
    let tail = 0;
    mark[entry] = stamp;
    parentNode[entry] = -1;
    queue[tail++] = entry;
    while (head < tail) {
      const v = queue[head++]!;
      const start = offsets[v]!;
      const end = offsets[v + 1]!;
      for (let e = start; e < end; e++) {
        const w = targets[e]!;
        if (w === entry) {
          const path = this.walkBack(v, entry);
          path.ids.push(entry);
          path.actionIndices.push(e - start);
          return path;
        }
        if (mark[w] === stamp) continue;
        mark[w] = stamp;
        parentNode[w] = v;
        parentEdge[w] = e;
        queue[tail++] = w;
      }
    }
    return null;
  }

  /**
   * A closed walk from `entry` that takes every edge of its (bottom) component at least once:
   * greedily take an untaken edge where one leaves the current node, else go by the shortest path
   * to the nearest node that has one; finally return to `entry`. Null for a deadlock or a component
   * too large to cover (the caller then shows the shortest cycle).
   */
  private coveringCycle(entry: number): { ids: number[]; actionIndices: number[] } | null {
    const { offsets, targets } = this.graph;
    const { componentOf } = this.components;
    const comp = componentOf[entry]!;
    let total = 0;
    for (let v = 0; v < componentOf.length && total <= COVER_LIMIT; v++) {
      if (componentOf[v] === comp) total += offsets[v + 1]! - offsets[v]!;
    }
    if (total === 0 || total > COVER_LIMIT) return null;
    const used = new Set<number>();
    const ids = [entry];
    const actionIndices: number[] = [];
    const take = (e: number, from: number) => {
      used.add(e);
      actionIndices.push(e - offsets[from]!);
      ids.push(targets[e]!);
    };
    let at = entry;
    while (used.size < total) {
      let next = -1;
      for (let e = offsets[at]!; e < offsets[at + 1]!; e++) if (!used.has(e)) { next = e; break; }
      if (next >= 0) {
        take(next, at);
        at = targets[next]!;
        continue;
      }
      const hasUntaken = (v: number) => {
        for (let e = offsets[v]!; e < offsets[v + 1]!; e++) if (!used.has(e)) return true;
        return false;
      };
      at = this.goTo(at, hasUntaken, take);
    }
    if (at !== entry) this.goTo(at, (v) => v === entry, take);
    return { ids, actionIndices };
  }

  /** Takes the shortest path from `from` to the nearest node satisfying `goal`; returns that node. */
  private goTo(from: number, goal: (v: number) => boolean, take: (e: number, from: number) => void): number {
    const { offsets, targets } = this.graph;
    const { queue, parentNode, parentEdge, mark } = this;
    const stamp = ++this.stamp;
    let head = 0;
    let tail = 0;
    mark[from] = stamp;
    parentNode[from] = -1;
    queue[tail++] = from;
    while (head < tail) {
      const v = queue[head++]!;
      if (v !== from && goal(v)) {
        const path: number[] = [];
        for (let at = v; at !== from; at = parentNode[at]!) path.push(parentEdge[at]!);
        let at = from;
        for (const e of path.reverse()) {
          take(e, at);
          at = targets[e]!;
        }
        return v;
      }
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const w = targets[e]!;
        if (mark[w] === stamp) continue;
        mark[w] = stamp;
        parentNode[w] = v;
        parentEdge[w] = e;
        queue[tail++] = w;
      }
    }
    throw new Error('a bottom component is strongly connected: every node reaches every other');
  }

  /** Follows the last search's parent pointers from `v` back to `until` (or to a root, for -1). */
  private walkBack(v: number, until: number): { ids: number[]; actionIndices: number[] } {
    const { offsets } = this.graph;
    const ids: number[] = [v];
    const actionIndices: number[] = [];
    let at = v;
    while (at !== until && this.parentNode[at] !== -1) {
      const from = this.parentNode[at]!;
      actionIndices.push(this.parentEdge[at]! - offsets[from]!);
      ids.push(from);
      at = from;
    }
    ids.reverse();
    actionIndices.reverse();
    return { ids, actionIndices };
  }
}
