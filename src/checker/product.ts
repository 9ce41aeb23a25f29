/**
 * Checking a model part by part (packed.ts states the contract): parts move without reading or
 * writing each other, and read environment bits that flip freely. Each part is explored alone —
 * the other parts resting at their initial state, the bits it reads flipping — and the verdicts
 * combine exactly (docs/performance.md, "Messages are checked apart", gives the argument):
 *
 * - The reachable states of the whole are the assignments f of the bits with, per part, a state
 *   its own run reaches under f (at most one of them halted): runs of the parts interleave, a bit
 *   flipped back between two of them, since flips are enabled in every state that is not halted.
 * - Safety: a bad transition of part p depends on p's words and the bits it reads alone, so it is
 *   reachable in the whole iff it is reachable in p's run, and no shorter: dropping the other
 *   parts' moves from a run of the whole leaves a run of p's own. The counterexample is the
 *   shortest among the parts', and it is already a run of the whole model.
 * - Liveness under strong fairness (lasso.ts): the bottom components of the whole that do not
 *   halt are exactly the products of one such bottom component per part (each closed under every
 *   flip), taken over every assignment of the bits. A goal flag holds of a state of the whole iff
 *   it holds of every part, and is absorbing in each part, so the property fails iff some part p
 *   has a reachable non-halted bottom component where p's goal never holds and every other part
 *   has some reachable non-halted bottom component (a part that always halts ends every run in a
 *   goal). The lasso is assembled from the parts: each part's shortest path to its chosen
 *   component (after flipping the bits it reads back to where its run starts), then the covering
 *   walk of the whole component (or, past COVER_LIMIT, the shortest cycle of one part).
 * - Figures: states and transitions of the whole follow from the parts' own, tallied per
 *   assignment of the bits they share (count.ts); its depth too when no bit is shared.
 *
 * A model that breaks the absorbing-goal condition is caught on the explored parts and explored
 * whole instead.
 *
 * A part is explored through its view (`PackedModel.partView`) when the model offers one: the
 * same states in a layout of the part's own, so a run costs what the part does, not the whole
 * file; `lift` gives back the whole words where the lasso is assembled.
 */
import { COVER_LIMIT, LassoFinder, type Graph } from './lasso.js';
import { BOTTOM_REASON, DEADLOCK_REASON, splitByKind } from './liveness.js';
import type { LivenessProperty, Model, Property } from './model.js';
import { productCount, type PartTally } from './count.js';
import { explorePacked, runPacked, violationOutcome, type PackedRun } from './explorePacked.js';
import type { PackedModel, PartView } from './packed.js';
import { PackedStore } from './packedStore.js';
import { exactCount, type ExploreOptions, type ExploreResult, type PropertyOutcome, type StopReason, type Trace } from './result.js';
import { bottomComponents, stronglyConnectedComponents, type Components } from './scc.js';
import { encodePath } from './path.js';
import { StateTape } from './stateTape.js';

/** Explores every part of `packed` apart: the whole model's verdicts and figures. */
export function exploreProduct<S, A>(
  model: Model<S, A>,
  packed: PackedModel<S>,
  properties: readonly Property<S, A>[],
  options: ExploreOptions = {},
): ExploreResult<S, A> {
  return exploreParts(model, packed, properties, Array.from({ length: packed.parts }, (_, p) => p), options);
}

/**
 * Explores only `parts` (each alone, as exploreProduct does), every other part resting at its
 * initial state: the verdicts of the system made of those parts and the environment bits they
 * read — for a mail system, `check` of one message. Counterexamples are runs of the whole model.
 */
export function exploreParts<S, A>(
  model: Model<S, A>,
  packed: PackedModel<S>,
  properties: readonly Property<S, A>[],
  parts: readonly number[],
  options: ExploreOptions = {},
): ExploreResult<S, A> {
  const now = options.now ?? (() => performance.now());
  const started = options.startedAt ?? now();
  const { safety, liveness } = splitByKind(properties);
  const env = environmentOf(packed, parts);

  const runs: PackedRun<S>[] = [];
  const views: RunView<S>[] = [];
  const base = { states: 0, transitions: 0 };
  let cut: StopReason | null = null;
  const progressClock = { last: started };
  for (const [i, part] of parts.entries()) {
    const shared = env.shared[i]!;
    // A part's own layout when the model has one: its states are then as wide as it, not as the whole.
    const own = packed.partView?.(part);
    const view: RunView<S> = own === undefined ? { model: packed, part, lift: null } : { model: own, part: 0, lift: own };
    views.push(view);
    const run = runPacked(model, view.model, safety.map((s) => s.property), {
      ...options,
      now,
      startedAt: started,
      maxStates: (options.maxStates ?? Infinity) - base.states,
      keepGraph: liveness.length > 0,
      part: view.part,
      trackHalted: true,
      tally: { buckets: 1 << shared.length, bucketOf: (words, at) => bucketOf(view.model, shared, words, at) },
      progressBase: { ...base },
      progressClock,
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
    for (let q = 0; q < runs.length; q++) {
      const v = runs[q]!.violations[i];
      if (v !== undefined && (best < 0 || v.length < runs[best]!.violations[i]!.length)) best = q;
    }
    if (best >= 0) {
      const run = runs[best]!;
      const view = views[best]!;
      outcomes[at] = { id: property.id, status: 'violated', ...violationOutcome(model, view.model, run, view.part, run.violations[i]!, property) };
    } else {
      outcomes[at] = { id: property.id, status: cut === null ? 'holds' : 'inconclusive' };
    }
  });
  if (liveness.length > 0) {
    if (!exhausted) {
      for (const { at, property } of liveness) outcomes[at] = { id: property.id, status: 'inconclusive' };
    } else {
      const graphs = runs.map((run, i) => new PartGraph(packed, views[i]!, run, parts[i]!, env.reads[i]!));
      const moves = movesOf(packed, parts, env);
      for (const { at, property } of liveness) {
        const goal = property.goalFlags! & ~packed.halted;
        if (!graphs.every((p) => p.goalIsAbsorbing(goal))) return explorePacked(model, packed, properties, options);
        outcomes[at] = judge(model, packed, graphs, moves, env, property, goal);
      }
    }
  }

  const result: ExploreResult<S, A> = {
    engine: 'packed-apart',
    complete: cut === null,
    stoppedEarly: runs.some((r) => r.stop === 'decided'),
    ...(exhausted
      ? productFigures(runs, env)
      : { states: sum(runs, (r) => r.met.states), transitions: sum(runs, (r) => r.met.transitions), maxDepth: Math.max(...runs.map((r) => r.maxDepth)) }),
    durationMs: now() - started,
    outcomes,
    storeBytes: runs.reduce((total, r) => total + r.store.bytes() + (r.graph === null ? 0 : (r.graph.offsets.length + r.graph.targets.length) * 4), 0),
    parts: { count: parts.length, statesStored: base.states, transitionsExplored: base.transitions },
  };
  const foldedBy = runs.find((r) => r.foldedBy !== null)?.foldedBy;
  if (foldedBy != null) result.symmetry = { order: foldedBy, statesStored: base.states };
  if (cut !== null) result.stopReason = cut;
  return result;
}

/** The model a part's run explored: the whole (`part` its part) or the part's own view (part 0), which `lift` turns back into whole states. */
interface RunView<S> {
  model: PackedModel<S>;
  part: number;
  lift: PartView<S> | null;
}

/** The environment bits as the parts explored see them. */
interface Environment {
  /** Environment bits of the system checked: all of the model's, or those the parts read. */
  bits: number;
  /** Bits no part reads (they still flip: each doubles the states). */
  unread: number[];
  /** Per part explored (in the order given): the bits it reads, and those of them another part reads too. */
  reads: (readonly number[])[];
  shared: number[][];
}

function environmentOf<S>(packed: PackedModel<S>, parts: readonly number[]): Environment {
  const env = packed.environment;
  const reads = parts.map((p) => env?.readsOf(p) ?? []);
  const total = env?.bits ?? 0;
  const readers = new Array<number>(total).fill(0);
  for (const bits of reads) for (const b of bits) readers[b]!++;
  const all = parts.length === packed.parts;
  const unread = all ? readers.flatMap((n, b) => (n === 0 ? [b] : [])) : [];
  return {
    bits: all ? total : readers.filter((n) => n > 0).length,
    unread,
    reads,
    shared: reads.map((bits) => bits.filter((b) => readers[b]! > 1)),
  };
}

/** The assignment of `shared` in the state at `words[at ..]`, bit k for `shared[k]`. */
function bucketOf<S>(packed: PackedModel<S>, shared: readonly number[], words: Int32Array, at: number): number {
  let bucket = 0;
  for (let k = 0; k < shared.length; k++) bucket |= packed.environment!.value(words, at, shared[k]!) << k;
  return bucket;
}

const sum = <S>(runs: readonly PackedRun<S>[], of: (r: PackedRun<S>) => number): number => runs.reduce((total, r) => total + of(r), 0);

/**
 * States, transitions and depth of the whole, from each part's own. The depth of a product is
 * the sum of its parts' (at most one halted, halted states being sinks), plus one per bit no part
 * reads; with a bit two parts share, the shortest run to a state of the whole may flip it once for
 * both, and no formula over the parts' own depths gives it: then it is not given (null).
 */
function productFigures<S>(runs: readonly PackedRun<S>[], env: Environment): Pick<ExploreResult<S, unknown>, 'states' | 'transitions' | 'maxDepth' | 'statesLog10'> {
  const tallies: PartTally[] = runs.map((r, i) => {
    const { states, halted, transitions } = r.byBucket!;
    return { shared: env.shared[i]!, live: states.map((n, b) => n - halted[b]!), halted, transitions, reads: env.reads[i]!.length };
  });
  const counted = productCount(tallies, env.bits, env.unread.length);
  let maxDepth: number | null = null;
  if (env.shared.every((s) => s.length === 0)) {
    const liveDepth = runs.reduce((total, r) => total + r.maxDepthLive, 0);
    maxDepth = liveDepth;
    for (const r of runs) if (r.halted > 0) maxDepth = Math.max(maxDepth, liveDepth - r.maxDepthLive + r.maxDepthHalted);
    maxDepth += env.unread.length;
  }
  const states = exactCount(counted.states);
  return {
    states,
    transitions: exactCount(counted.transitions),
    maxDepth,
    ...(typeof states === 'bigint' ? { statesLog10: states.toString().length - 1 } : {}),
  };
}

/** Moves of the system checked: every move of the model, or only those of the parts explored and the flips of the bits they read. */
type Moves = (words: Int32Array, out: Int32Array, labels: Int32Array, acts: Int32Array) => number;

function movesOf<S>(packed: PackedModel<S>, parts: readonly number[], env: Environment): Moves {
  if (parts.length === packed.parts) return (words, out, labels, acts) => packed.successors(words, 0, out, labels, acts, -1);
  const { width } = packed;
  const most = packed.maxSuccessors;
  const scratch = { out: new Int32Array(most * width), labels: new Int32Array(most), acts: new Int32Array(most) };
  return (words, out, labels, acts) => {
    // A flip of a shared bit is a move of each part reading it: list it once, in action order.
    const found = new Map<number, number>();
    for (const part of parts) {
      const n = packed.successors(words, 0, scratch.out, scratch.labels, scratch.acts, part);
      for (let k = 0; k < n; k++) {
        const act = scratch.acts[k]!;
        if (found.has(act)) continue;
        found.set(act, found.size);
        out.set(scratch.out.subarray(k * width, k * width + width), (found.size - 1) * width);
        labels[found.size - 1] = scratch.labels[k]!;
      }
    }
    const order = [...found.keys()].sort((a, b) => a - b);
    const copy = out.slice(0, found.size * width);
    const copyLabels = labels.slice(0, found.size);
    order.forEach((act, k) => {
      const from = found.get(act)!;
      out.set(copy.subarray(from * width, from * width + width), k * width);
      labels[k] = copyLabels[from]!;
      acts[k] = act;
    });
    return order.length;
  };
}

/** One explored part with its components: which bottom components halt, and where each starts. */
class PartGraph<S> {
  readonly graph: Graph;
  readonly components: Components;
  readonly bottom: Uint8Array;
  private readonly flags: Int32Array;

  constructor(
    readonly packed: PackedModel<S>,
    private readonly view: RunView<S>,
    readonly run: PackedRun<S>,
    readonly part: number,
    /** The environment bits it reads. */
    readonly reads: readonly number[],
  ) {
    this.graph = run.graph!;
    this.components = stronglyConnectedComponents(this.graph.offsets, this.graph.targets);
    this.bottom = bottomComponents(this.graph.offsets, this.graph.targets, this.components);
    const n = run.store.size;
    this.flags = new Int32Array(n);
    for (let v = 0; v < n; v++) this.flags[v] = view.model.flags(run.store.words, v * view.model.width, view.part);
  }

  /** Environment bit `bit` in the part's state `id`. */
  bitAt(id: number, bit: number): number {
    return this.view.model.environment!.value(this.run.store.words, id * this.view.model.width, bit);
  }

  /** Writes the whole model's words of the part's state `id` into `out`. */
  wholeInto(id: number, out: Int32Array): void {
    const { model, lift } = this.view;
    if (lift === null) out.set(this.run.store.words.subarray(id * model.width, id * model.width + model.width));
    else lift.lift(this.run.store.words, id * model.width, out, 0);
  }

  /**
   * The action of the part's move of rank `rank` from its state `id`, named by its view without
   * listing the whole state's actions (`whole` is the whole model's state the move is taken
   * from); undefined when the part has no view or the view cannot name it.
   */
  actionOf(id: number, rank: number, whole: S): unknown {
    const { model, lift, part } = this.view;
    if (lift === null || model.action === undefined) return undefined;
    const { words } = this.run.store;
    const at = id * model.width;
    const scratch = this.scratch ?? (this.scratch = { out: new Int32Array(model.maxSuccessors * model.width), labels: new Int32Array(model.maxSuccessors), acts: new Int32Array(model.maxSuccessors) });
    model.successors(words, at, scratch.out, scratch.labels, scratch.acts, part);
    return model.action(words, at, scratch.acts[rank]!, whole);
  }

  private scratch: { out: Int32Array; labels: Int32Array; acts: Int32Array } | undefined;

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
  moves: Moves,
  env: Environment,
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

  const walk = new Walk(model, packed, moves);
  for (const q of [badPart, ...parts.keys()].filter((q, i, all) => all.indexOf(q) === i)) {
    const p = parts[q]!;
    walk.follow(p, p.run.store.pathTo(entries[q]!).ids);
  }
  // Every part now stands in its chosen bottom component, closed under every flip: so does the
  // whole, in the product of those components.
  const component = walk.component(COVER_LIMIT);
  if (component !== null && component.graph.targets.length === 0) return lasso(property, walk, null, DEADLOCK_REASON);
  if (component !== null) {
    const loopsFrom = walk.actionIndices.length;
    walk.cover(component);
    return lasso(property, walk, loopsFrom, BOTTOM_REASON);
  }
  // Too large to cover: the shortest cycle of one part round its entry, the bits it reads set back first.
  let best: { part: number; ids: number[] } | null = null;
  for (let q = 0; q < parts.length; q++) {
    const ids = parts[q]!.shortestCycle(entries[q]!);
    if (ids !== null && (best === null || ids.length < best.ids.length)) best = { part: q, ids };
  }
  if (best !== null) {
    walk.align(parts[best.part]!, best.ids[0]!);
    const loopsFrom = walk.actionIndices.length;
    walk.follow(parts[best.part]!, best.ids);
    return lasso(property, walk, loopsFrom, BOTTOM_REASON);
  }
  // No part moves in its component: only flips of bits no part reads do, any one of them there and back.
  const loopsFrom = walk.actionIndices.length;
  walk.flip(env.unread[0]!, -1);
  walk.flip(env.unread[0]!, -1);
  return lasso(property, walk, loopsFrom, BOTTOM_REASON);
}

function lasso<S, A>(property: LivenessProperty<S>, walk: Walk<S, A>, loopsFrom: number | null, reason: string): PropertyOutcome<S, A> {
  const trace: Trace<S, A> = {
    initial: 0,
    states: walk.tape.states(),
    actions: walk.tape.actions,
    actionIndices: walk.actionIndices,
    loopsFrom,
    path: encodePath(0, walk.actionIndices),
  };
  return { id: property.id, status: 'violated', reason, trace };
}

/** A run of the whole model built step by step from moves of the parts. */
class Walk<S, A> {
  /** The run's states: a provider file's lasso walks every message, so they are kept as a tape (stateTape.ts). */
  readonly tape: StateTape<S, A>;
  readonly actionIndices: number[] = [];
  private readonly words: Int32Array;
  private readonly out: Int32Array;
  private readonly labels: Int32Array;
  private readonly acts: Int32Array;

  constructor(
    private readonly model: Model<S, A>,
    private readonly packed: PackedModel<S>,
    private readonly moves: Moves,
  ) {
    this.tape = new StateTape((s: S, a: A) => model.next(s, a), model.initialStates()[0]!);
    this.words = new Int32Array(packed.width);
    packed.initial(0, this.words, 0);
    this.out = new Int32Array(packed.maxSuccessors * packed.width);
    this.labels = new Int32Array(packed.maxSuccessors);
    this.acts = new Int32Array(packed.maxSuccessors);
  }

  /**
   * Takes action `actionIndex` of the whole model to the state whose words are `words` (copied):
   * the next model state is made from the last one by that one action, so a run of L steps costs
   * L steps, whatever came before. `action` is the action itself when the caller knows it more
   * cheaply than by listing every action of the whole state (a part's view names its own).
   */
  private take(actionIndex: number, words: Int32Array, action?: A): void {
    const taken = action ?? this.model.actions(this.tape.last)[actionIndex]!;
    this.tape.push(taken);
    this.actionIndices.push(actionIndex);
    this.words.set(words);
  }

  /** Flips environment bit `bit` by a move of `part` (-1: of the whole model), which every state that is not halted has. */
  flip(bit: number, part: number): void {
    const { packed, out, labels, acts } = this;
    const { width } = packed;
    const env = packed.environment!;
    const was = env.value(this.words, 0, bit);
    const n = packed.successors(this.words, 0, out, labels, acts, part);
    for (let k = 0; k < n; k++) {
      // Only the flip of `bit` changes it: no part's own move writes the environment.
      if (env.value(out, k * width, bit) !== was) {
        this.take(acts[k]!, out.subarray(k * width, k * width + width));
        return;
      }
    }
    throw new Error('an environment bit must flip in every state that is not halted');
  }

  /** Sets the bits part `p` reads as they are in its state `id`. */
  align(p: PartGraph<S>, id: number): void {
    const env = this.packed.environment;
    if (env === undefined) return;
    for (const bit of p.reads) if (env.value(this.words, 0, bit) !== p.bitAt(id, bit)) this.flip(bit, p.part);
  }

  /**
   * Moves part `p` along `ids` (states of its own run): first the bits it reads are set as in
   * `ids[0]` (when it moves at all), then each move is found by its rank among p's moves, which depend on p's words and
   * those bits alone.
   */
  follow(p: PartGraph<S>, ids: readonly number[]): void {
    // A part that stays where it is needs its bits nowhere in particular.
    if (ids.length > 1) this.align(p, ids[0]!);
    const { packed, out, labels, acts } = this;
    const { width } = packed;
    const { offsets, targets } = p.graph;
    const mask = packed.partMask(p.part);
    const env = packed.environment;
    const whole = new Int32Array(width);
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
      // The move's index among the whole model's actions, and the whole state it leads to.
      packed.successors(this.words, 0, out, labels, acts, p.part);
      const next = out.subarray(rank * width, rank * width + width);
      p.wholeInto(ids[i]!, whole);
      for (let w = 0; w < width; w++) {
        if (((next[w]! ^ whole[w]!) & mask[w]!) !== 0) throw new Error('parts are not independent');
      }
      if (env !== undefined && p.reads.some((bit) => env.value(next, 0, bit) !== p.bitAt(ids[i]!, bit))) throw new Error('parts are not independent');
      this.take(acts[rank]!, next, p.actionOf(from, rank, this.tape.last) as A | undefined);
    }
  }

  /**
   * The bottom component the walk stands in, explored from its current state (it is closed under
   * every move, so all of it is reached), or null when it has more than `limit` transitions.
   */
  component(limit: number): { store: PackedStore; graph: Graph } | null {
    const { packed, out, labels, acts } = this;
    const { width } = packed;
    const store = new PackedStore(width);
    store.find(this.words, 0);
    store.insert(this.words, 0, -1, 0);
    const offsets: number[] = [];
    const targets: number[] = [];
    for (let v = 0; v < store.size; v++) {
      offsets.push(targets.length);
      const n = this.moves(store.words.subarray(v * width, v * width + width), out, labels, acts);
      if (targets.length + n > limit) return null;
      for (let k = 0; k < n; k++) {
        let w = store.find(out, k * width);
        if (w < 0) w = store.insert(out, k * width, v, acts[k]!);
        targets.push(w);
      }
    }
    offsets.push(targets.length);
    return { store, graph: { offsets: Int32Array.from(offsets), targets: Int32Array.from(targets) } };
  }

  /** Walks every transition of `component` (from `component()`) and comes back: a fair cycle. */
  cover(component: { store: PackedStore; graph: Graph }): void {
    const { packed, out, labels, acts } = this;
    const { width } = packed;
    const cycle = new LassoFinder(component.graph, 1).find(new Uint8Array(component.store.size))!;
    for (let i = 0; i < cycle.actionIndices.length; i++) {
      // The cycle names each move by its rank among the moves listed: take that one.
      const from = cycle.ids[i]!;
      this.moves(component.store.words.subarray(from * width, from * width + width), out, labels, acts);
      const id = cycle.ids[i + 1]!;
      this.take(acts[cycle.actionIndices[i]!]!, component.store.words.subarray(id * width, id * width + width));
    }
  }
}
