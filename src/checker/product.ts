/**
 * Checking a model part by part when its parts are independent (packed.ts states the contract):
 * the state space is then the interleaving product of the parts' spaces, so each part is explored
 * alone — the other parts resting at their initial state — and the verdicts combine exactly:
 *
 * - Safety: a bad transition of part p from a product state depends on p's words alone, so it is
 *   reachable in the product iff it is reachable in p's own space (the others at rest). The
 *   shortest counterexample is the shortest among the parts', and it is already a run of the
 *   whole model.
 * - Liveness under strong fairness (explore.ts): the bottom components of an interleaving product
 *   are the products of the parts' bottom components, plus the halted sinks. A goal flag holds of
 *   a product state iff it holds of every part, and is absorbing in each part, so the property
 *   fails iff some part p has a reachable non-halted bottom component where p's goal never holds
 *   and every other part has some reachable non-halted bottom component (a part that always
 *   halts ends every run in a goal). The lasso is assembled from the parts: each part's shortest
 *   path to its chosen component, then the product component's covering walk (or, past
 *   COVER_LIMIT, the shortest cycle of one part).
 * - Figures: states, transitions and depth of the product follow from the parts' own.
 *
 * A model that breaks the absorbing-goal condition is caught on the explored parts and explored
 * whole instead.
 */
import { COVER_LIMIT, LassoFinder, type Graph } from './lasso.js';
import { BOTTOM_REASON, DEADLOCK_REASON, splitByKind } from './liveness.js';
import type { LivenessProperty, Model, Property, SafetyProperty } from './model.js';
import { explorePacked, runPacked, violationOutcome, type PackedRun } from './explorePacked.js';
import type { PackedModel } from './packed.js';
import { PackedStore } from './packedStore.js';
import type { ExploreOptions, ExploreResult, PropertyOutcome, StopReason, Trace } from './result.js';
import { bottomComponents, stronglyConnectedComponents, type Components } from './scc.js';
import { encodePath } from './path.js';


export function exploreProduct<S, A>(
  model: Model<S, A>,
  packed: PackedModel<S>,
  properties: readonly Property<S, A>[],
  options: ExploreOptions = {},
): ExploreResult<S, A> {
  const now = options.now ?? (() => performance.now());
  const started = options.startedAt ?? now();
  const { safety, liveness } = splitByKind(properties);

  const runs: PackedRun<S>[] = [];
  const base = { states: 0, transitions: 0 };
  let cut: StopReason | null = null;
  for (let part = 0; part < packed.parts; part++) {
    const run = runPacked(model, packed, safety.map((s) => s.property), {
      ...options,
      now,
      startedAt: started,
      maxStates: (options.maxStates ?? Infinity) - base.states,
      keepGraph: liveness.length > 0,
      part,
      trackHalted: true,
      progressBase: { ...base },
    });
    runs.push(run);
    base.states += run.store.size;
    base.transitions += run.transitions;
    if (run.stop !== null && run.stop !== 'decided') {
      cut = run.stop;
      break;
    }
  }

  const exhausted = cut === null && runs.every((r) => r.stop === null);
  const outcomes: PropertyOutcome<S, A>[] = new Array(properties.length);
  safety.forEach(({ at, property }, i) => {
    let best = -1;
    for (let part = 0; part < runs.length; part++) {
      const v = runs[part]!.violations[i];
      if (v !== undefined && (best < 0 || v.length < runs[best]!.violations[i]!.length)) best = part;
    }
    if (best >= 0) {
      const run = runs[best]!;
      outcomes[at] = { id: property.id, status: 'violated', ...violationOutcome(model, packed, run, best, run.violations[i]!, property) };
    } else {
      outcomes[at] = { id: property.id, status: cut === null ? 'holds' : 'inconclusive' };
    }
  });
  if (liveness.length > 0) {
    if (!exhausted) {
      for (const { at, property } of liveness) outcomes[at] = { id: property.id, status: 'inconclusive' };
    } else {
      const parts = runs.map((run, part) => new PartGraph(packed, run, part));
      for (const { at, property } of liveness) {
        const goal = property.goalFlags! & ~packed.halted;
        if (!parts.every((p) => p.goalIsAbsorbing(goal))) return explorePacked(model, packed, properties, options);
        outcomes[at] = judge(model, packed, parts, property, goal);
      }
    }
  }

  const result: ExploreResult<S, A> = {
    complete: cut === null,
    stoppedEarly: runs.some((r) => r.stop === 'decided'),
    ...(exhausted
      ? productFigures(runs)
      : { states: sum(runs, (r) => r.met.states), transitions: sum(runs, (r) => r.met.transitions), maxDepth: Math.max(...runs.map((r) => r.maxDepth)) }),
    durationMs: now() - started,
    outcomes,
    storeBytes: runs.reduce((sum, r) => sum + r.store.bytes() + (r.graph === null ? 0 : (r.graph.offsets.length + r.graph.targets.length) * 4), 0),
    parts: { count: packed.parts, statesStored: base.states, transitionsExplored: base.transitions },
  };
  const foldedBy = runs.find((r) => r.foldedBy !== null)?.foldedBy;
  if (foldedBy != null) result.symmetry = { order: foldedBy, statesStored: base.states };
  if (cut !== null) result.stopReason = cut;
  return result;
}

const sum = <S>(runs: readonly PackedRun<S>[], of: (r: PackedRun<S>) => number): number => runs.reduce((total, r) => total + of(r), 0);

/** States, transitions and depth of the product, from each part's own (halted states are sinks, at most one part halts). */
function productFigures<S>(runs: readonly PackedRun<S>[]): { states: number; transitions: number; maxDepth: number; statesLog10?: number } {
  const live = runs.map((r) => r.met.states - r.met.halted);
  // The product of every part but q, from prefix and suffix products: linear in the parts, not quadratic.
  const before = [1];
  for (const n of live) before.push(times(before.at(-1)!, n));
  const after = new Array<number>(live.length + 1).fill(1);
  for (let i = live.length - 1; i >= 0; i--) after[i] = times(after[i + 1]!, live[i]!);
  const others = (q: number): number => times(before[q]!, after[q + 1]!);
  let states = before.at(-1)!;
  let transitions = 0;
  const liveDepth = runs.reduce((sum, r) => sum + r.maxDepthLive, 0);
  let maxDepth = liveDepth;
  runs.forEach((r, q) => {
    states += times(r.met.halted, others(q));
    transitions += times(r.met.transitions, others(q));
    if (r.halted > 0) maxDepth = Math.max(maxDepth, liveDepth - r.maxDepthLive + r.maxDepthHalted);
  });
  if (Number.isFinite(states)) return { states, transitions, maxDepth };
  // Past a double: say at least how many, from the live states alone (a lower bound).
  const statesLog10 = Math.floor(live.reduce((sum, n) => sum + (n > 0 ? Math.log10(n) : 0), 0));
  return { states: Infinity, transitions: Infinity, maxDepth, statesLog10 };
}

/** A product where nothing times anything, even an overflowed Infinity, is nothing (not NaN). */
const times = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : a * b);

/** One explored part with its components: which bottom components halt, and where each starts. */
class PartGraph<S> {
  readonly graph: Graph;
  readonly components: Components;
  readonly bottom: Uint8Array;
  private readonly flags: Int32Array;

  constructor(
    readonly packed: PackedModel<S>,
    readonly run: PackedRun<S>,
    readonly part: number,
  ) {
    this.graph = run.graph!;
    this.components = stronglyConnectedComponents(this.graph.offsets, this.graph.targets);
    this.bottom = bottomComponents(this.graph.offsets, this.graph.targets, this.components);
    const n = run.store.size;
    this.flags = new Int32Array(n);
    for (let v = 0; v < n; v++) this.flags[v] = packed.flags(run.store.words, v * packed.width, part);
  }

  goalIsAbsorbing(goal: number): boolean {
    const { offsets, targets } = this.graph;
    for (let v = 0; v < this.flags.length; v++) {
      if ((this.flags[v]! & goal) === 0) continue;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) if ((this.flags[targets[e]!]! & goal) === 0) return false;
    }
    return true;
  }

  /**
   * The first state (ids are breadth-first, so the nearest) of a non-halted bottom component —
   * one where `goal` never holds when `bad` — or -1.
   */
  nearest(goal: number, bad: boolean): number {
    const { componentOf, count } = this.components;
    const ok = new Uint8Array(count);
    for (let c = 0; c < count; c++) ok[c] = this.bottom[c]!;
    for (let v = 0; v < this.flags.length; v++) {
      const f = this.flags[v]!;
      if ((f & this.packed.halted) !== 0 || (bad && (f & goal) !== 0)) ok[componentOf[v]!] = 0;
    }
    for (let v = 0; v < this.flags.length; v++) if (ok[componentOf[v]!] === 1) return v;
    return -1;
  }

  depthOf(id: number): number {
    return this.run.store.pathTo(id).actionIndices.length;
  }

  /** States and internal transitions of the component of `id`. */
  componentSize(id: number): { states: number; edges: number } {
    const { componentOf } = this.components;
    const { offsets } = this.graph;
    const c = componentOf[id]!;
    let states = 0;
    let edges = 0;
    for (let v = 0; v < componentOf.length; v++) {
      if (componentOf[v] !== c) continue;
      states++;
      edges += offsets[v + 1]! - offsets[v]!;
    }
    return { states, edges };
  }

  /** The shortest cycle from `id` back to itself, as part-state ids; null when there is none. */
  shortestCycle(id: number): number[] | null {
    const { offsets, targets } = this.graph;
    const parent = new Map<number, number>([[id, -1]]);
    const queue = [id];
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head]!;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const w = targets[e]!;
        if (w === id) {
          const back: number[] = [];
          for (let at = v; at !== -1; at = parent.get(at)!) back.push(at);
          return [...back.reverse(), id];
        }
        if (parent.has(w)) continue;
        parent.set(w, v);
        queue.push(w);
      }
    }
    return null;
  }
}

function judge<S, A>(
  model: Model<S, A>,
  packed: PackedModel<S>,
  parts: readonly PartGraph<S>[],
  property: LivenessProperty<S>,
  goal: number,
): PropertyOutcome<S, A> {
  const anyEnd = parts.map((p) => p.nearest(goal, false));
  if (anyEnd.some((v) => v < 0)) return { id: property.id, status: 'holds' };
  const depth = anyEnd.map((v, q) => parts[q]!.depthOf(v));
  const rest = depth.reduce((a, b) => a + b, 0);
  // The bad part whose component, with the nearest components of the others, is nearest overall.
  let badPart = -1;
  let badEntry = -1;
  let nearest = Infinity;
  for (let q = 0; q < parts.length; q++) {
    const entry = parts[q]!.nearest(goal, true);
    if (entry < 0) continue;
    const total = rest - depth[q]! + parts[q]!.depthOf(entry);
    if (total < nearest) [badPart, badEntry, nearest] = [q, entry, total];
  }
  if (badPart < 0) return { id: property.id, status: 'holds' };
  const entries = anyEnd.slice();
  entries[badPart] = badEntry;

  const walk = new Walk(model, packed);
  for (const q of [badPart, ...parts.keys()].filter((q, i, all) => all.indexOf(q) === i)) {
    const p = parts[q]!;
    const path = p.run.store.pathTo(entries[q]!);
    walk.follow(p, path.ids);
  }
  const loopsFrom = walk.actionIndices.length;
  const sizes = entries.map((v, q) => parts[q]!.componentSize(v));
  const others = (q: number) => sizes.reduce((prod, s, i) => (i === q ? prod : prod * s.states), 1);
  const edges = sizes.reduce((sum, s, q) => sum + s.edges * others(q), 0);
  if (edges === 0) return lasso(property, walk, null, DEADLOCK_REASON);
  if (edges <= COVER_LIMIT) {
    walk.cover();
  } else {
    // The shortest cycle of the product through the entry moves a single part round its shortest cycle.
    let best: { part: number; ids: number[] } | null = null;
    for (let q = 0; q < parts.length; q++) {
      const ids = parts[q]!.shortestCycle(entries[q]!);
      if (ids !== null && (best === null || ids.length < best.ids.length)) best = { part: q, ids };
    }
    walk.follow(parts[best!.part]!, best!.ids);
  }
  return lasso(property, walk, loopsFrom, BOTTOM_REASON);
}

function lasso<S, A>(property: LivenessProperty<S>, walk: Walk<S, A>, loopsFrom: number | null, reason: string): PropertyOutcome<S, A> {
  const trace: Trace<S, A> = {
    initial: 0,
    states: walk.states,
    actions: walk.actions,
    actionIndices: walk.actionIndices,
    loopsFrom,
    path: encodePath(0, walk.actionIndices),
  };
  return { id: property.id, status: 'violated', reason, trace };
}

/** A run of the whole model built step by step from moves of the parts. */
class Walk<S, A> {
  readonly states: S[];
  readonly actions: A[] = [];
  readonly actionIndices: number[] = [];
  private words: Int32Array;
  private readonly out: Int32Array;
  private readonly labels: Int32Array;
  private readonly acts: Int32Array;

  constructor(
    private readonly model: Model<S, A>,
    private readonly packed: PackedModel<S>,
  ) {
    this.states = [model.initialStates()[0]!];
    this.words = new Int32Array(packed.width);
    packed.initial(0, this.words, 0);
    this.out = new Int32Array(packed.maxSuccessors * packed.width);
    this.labels = new Int32Array(packed.maxSuccessors);
    this.acts = new Int32Array(packed.maxSuccessors);
  }

  private take(actionIndex: number, words: Int32Array): void {
    const from = this.states.at(-1)!;
    const action = this.model.actions(from)[actionIndex]!;
    this.states.push(this.model.next(from, action));
    this.actions.push(action);
    this.actionIndices.push(actionIndex);
    this.words = words;
  }

  /**
   * Moves part `p` along `ids` (states of its own run, the first matching the walk's current
   * words of p): each move is found by its rank among p's moves, which depend on p's words alone.
   */
  follow(p: PartGraph<S>, ids: readonly number[]): void {
    const { packed, out, labels, acts } = this;
    const { width } = packed;
    const store = p.run.store;
    const { offsets, targets } = p.graph;
    for (let i = 1; i < ids.length; i++) {
      const from = ids[i - 1]!;
      let rank = -1;
      for (let e = offsets[from]!; e < offsets[from + 1]!; e++) {
        if (targets[e] === ids[i]) {
          rank = e - offsets[from]!;
          break;
        }
      }
      if (rank < 0) throw new Error('a part path must follow the part graph');
      packed.successors(this.words, 0, out, labels, acts, p.part);
      const next = out.slice(rank * width, rank * width + width);
      const mask = packed.partMask(p.part);
      for (let w = 0; w < width; w++) {
        if (((next[w]! ^ store.words[ids[i]! * width + w]!) & mask[w]!) !== 0) throw new Error('parts are not independent');
      }
      this.take(acts[rank]!, next);
    }
  }

  /** The covering walk of the bottom component the walk stands in (small: at most COVER_LIMIT transitions). */
  cover(): void {
    const { packed, out, labels, acts } = this;
    const { width } = packed;
    const store = new PackedStore(width);
    store.find(this.words, 0);
    store.insert(this.words, 0, -1, 0);
    const offsets: number[] = [];
    const targets: number[] = [];
    for (let v = 0; v < store.size; v++) {
      offsets.push(targets.length);
      const n = packed.successors(store.words, v * width, out, labels, acts, -1);
      for (let k = 0; k < n; k++) {
        let w = store.find(out, k * width);
        if (w < 0) w = store.insert(out, k * width, v, k);
        targets.push(w);
      }
    }
    offsets.push(targets.length);
    const graph = { offsets: Int32Array.from(offsets), targets: Int32Array.from(targets) };
    const cycle = new LassoFinder(graph, 1).find(new Uint8Array(store.size))!;
    for (let i = 0; i < cycle.actionIndices.length; i++) {
      const id = cycle.ids[i + 1]!;
      this.take(cycle.actionIndices[i]!, store.words.slice(id * width, id * width + width));
    }
  }
}
