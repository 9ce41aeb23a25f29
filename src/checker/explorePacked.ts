/**
 * The packed engine: the breadth-first loop (breadthFirst.ts) over a packed model, with the same
 * verdicts, counterexamples and budgets as the object engine (unpacked.ts), but states are words
 * in a PackedStore and one call lists all the successors of a state. Safety properties are asked
 * only of transitions whose label they select, liveness goals are read off the state's flags, and
 * model objects are rebuilt only for the states of a counterexample — so results equal those of
 * the object engine exactly. product.ts runs each part through `runPacked` too.
 */
import { breadthFirst, type BreadthFirstOptions, type Frontier, type Halt } from './breadthFirst.js';
import { IntVec } from './intvec.js';
import type { Graph } from './lasso.js';
import { judgeLiveness, splitByKind } from './liveness.js';
import type { Model, Property, SafetyProperty } from './model.js';
import type { PackedModel, PackedSymmetry } from './packed.js';
import { PackedStore } from './packedStore.js';
import type { ExploreOptions, ExploreResult, PropertyOutcome, Trace } from './result.js';
import { EVERY_STEP, PendingSafety, type Violation } from './safety.js';
import { makeTrace } from './trace.js';
import { unfoldViolation } from './unfold.js';

/** One breadth-first run over a packed model (or one part of it), before verdicts are phrased. */
export interface PackedRun<S> {
  store: PackedStore;
  /** The explored graph in CSR form; only when asked for. */
  graph: Graph | null;
  roots: number;
  transitions: number;
  maxDepth: number;
  /** Deepest state that is not halted, and deepest that is (-1: none). */
  maxDepthLive: number;
  maxDepthHalted: number;
  halted: number;
  stop: Halt;
  /** Per safety property, in the order given: its first violation, if any. */
  violations: (Violation<S> | undefined)[];
  /**
   * The graph's own figures: states and halted states met and transitions explored, each folded
   * state counted with every member of its orbit. Equal to the store's when nothing was folded.
   */
  met: { states: number; transitions: number; halted: number };
  /** The order of the group that folded symmetric states (`ExploreOptions.symmetry`), or null. */
  foldedBy: number | null;
  /** `met` per bucket (`RunOptions.tally`), or null when not asked. */
  byBucket: { states: Float64Array; halted: Float64Array; transitions: Float64Array } | null;
}

export interface RunOptions extends BreadthFirstOptions {
  /** Explore only this part's moves (-1: every move). */
  part: number;
  /** Count halted states and the depths of both kinds (a product run needs them). */
  trackHalted?: boolean;
  /**
   * Also count `met` per bucket of states, `bucketOf` naming a state's (0 .. buckets - 1): a part
   * that shares environment bits is tallied per assignment of them (count.ts).
   */
  tally?: { buckets: number; bucketOf(words: Int32Array, at: number): number };
}

/**
 * A packed model's states as the breadth-first loop stores and expands them: successors listed
 * into reused buffers, safety asked only of transitions whose label a pending property selects,
 * symmetric states folded to their orbit's representative (with the orbit's size kept, so the
 * figures are the unfolded graph's), halted states and depths counted when a product run needs them.
 */
class PackedFrontier<S, A> implements Frontier {
  readonly store: PackedStore;
  transitions = 0;
  /** The graph's own figures (PackedRun.met). */
  readonly met = { states: 0, transitions: 0, halted: 0 };
  maxDepthLive = -1;
  maxDepthHalted = -1;
  halted = 0;
  readonly byBucket: PackedRun<S>['byBucket'];
  private readonly width: number;
  private readonly part: number;
  private readonly symmetry: PackedSymmetry | null;
  /** Per stored state, its orbit's size (only when folding). */
  private readonly orbit: IntVec | null;
  private readonly initials: readonly S[];
  private readonly scratch: Int32Array;
  private readonly out: Int32Array;
  private readonly labels: Int32Array;
  private readonly acts: Int32Array;

  constructor(
    private readonly model: Model<S, A>,
    private readonly packed: PackedModel<S>,
    readonly safety: PendingSafety<S, A>,
    symmetry: PackedSymmetry | null,
    private readonly maxStates: number,
    private readonly trackHalted: boolean,
    private readonly tally: RunOptions['tally'],
    part: number,
  ) {
    this.width = packed.width;
    this.part = part;
    this.symmetry = symmetry;
    this.orbit = symmetry === null ? null : new IntVec();
    this.store = new PackedStore(packed.width);
    this.initials = model.initialStates();
    this.byBucket =
      tally === undefined ? null : { states: new Float64Array(tally.buckets), halted: new Float64Array(tally.buckets), transitions: new Float64Array(tally.buckets) };
    this.scratch = new Int32Array(packed.width);
    const most = part >= 0 && packed.maxSuccessorsOf !== undefined ? packed.maxSuccessorsOf(part) : packed.maxSuccessors;
    this.out = new Int32Array(most * packed.width);
    this.labels = new Int32Array(most);
    this.acts = new Int32Array(most);
  }

  get size(): number {
    return this.store.size;
  }

  private canonical(words: Int32Array, at: number): number {
    return this.symmetry === null ? 1 : this.symmetry.canonicalize(words, at, this.part);
  }

  /** Counts newly stored state `id`, at `depth`, standing for an orbit of `size`. */
  private note(id: number, depth: number, size: number): void {
    const { store, width, byBucket, tally } = this;
    this.orbit?.push(size);
    this.met.states += size;
    const bucket = byBucket === null ? 0 : tally!.bucketOf(store.words, id * width);
    if (byBucket !== null) byBucket.states[bucket]! += size;
    if (!this.trackHalted) return;
    if ((this.packed.flags(store.words, id * width, this.part) & this.packed.halted) !== 0) {
      this.halted++;
      this.met.halted += size;
      if (byBucket !== null) byBucket.halted[bucket]! += size;
      if (depth > this.maxDepthHalted) this.maxDepthHalted = depth;
    } else if (depth > this.maxDepthLive) this.maxDepthLive = depth;
  }

  seed(i: number): Halt {
    const { scratch, store } = this;
    this.packed.initial(i, scratch, 0);
    const size = this.canonical(scratch, 0);
    if (store.find(scratch, 0) >= 0) return null;
    this.safety.judge(EVERY_STEP, null, null, this.initials[i]!, -1, i, 0);
    if (this.safety.decided) return 'decided';
    if (store.size >= this.maxStates) return 'max-states';
    this.note(store.insert(scratch, 0, -1, i), 0, size);
    return null;
  }

  expand(from: number, depth: number, targets: IntVec | null): Halt {
    const { model, packed, store, width, out, labels, acts, safety, symmetry, byBucket } = this;
    const n = packed.successors(store.words, from * width, out, labels, acts, this.part);
    // Each transition explored stands for one from every state of `from`'s orbit.
    const orbitOfFrom = this.orbit === null ? 1 : this.orbit.get(from);
    if (byBucket !== null) byBucket.transitions[this.tally!.bucketOf(store.words, from * width)]! += n * orbitOfFrom;
    this.transitions += n;
    let fromState: S | null = null;
    // Read once per state, and again only after a judgement (the one thing that changes it).
    let pendingLabels = safety.labels;
    for (let k = 0; k < n; k++) {
      this.met.transitions += orbitOfFrom;
      const label = labels[k]!;
      if ((label & pendingLabels) !== 0) {
        fromState ??= packed.decode(store.words, from * width);
        const action = (packed.action?.(store.words, from * width, acts[k]!, fromState) as A | undefined) ?? model.actions(fromState)[acts[k]!]!;
        safety.judge(label, fromState, action, model.next(fromState, action), from, acts[k]!, depth + 1);
        pendingLabels = safety.labels;
        if (safety.decided) {
          this.transitions -= n - k - 1;
          return 'decided';
        }
      }
      const at = k * width;
      let to = store.find(out, at);
      // Stored states are representatives: a successor found as it is needs no canonical form.
      let size = 1;
      if (to < 0 && symmetry !== null) {
        size = this.canonical(out, at);
        to = store.find(out, at);
      }
      if (to < 0) {
        if (store.size >= this.maxStates) {
          this.transitions -= n - k - 1;
          return 'max-states';
        }
        to = store.insert(out, at, from, acts[k]!);
        this.note(to, depth + 1, size);
      }
      targets?.push(to);
    }
    return null;
  }
}

export function runPacked<S, A>(
  model: Model<S, A>,
  packed: PackedModel<S>,
  safety: readonly SafetyProperty<S, A>[],
  options: RunOptions,
): PackedRun<S> {
  const now = options.now ?? (() => performance.now());
  const started = options.startedAt ?? now();
  const { part } = options;
  const pending = new PendingSafety<S, A>(safety, (options.stopEarly ?? true) && safety.length > 0 && !options.keepGraph);
  // Symmetric states are folded only where nothing but reachability is asked: not with a graph kept for liveness.
  const group = options.symmetry && !options.keepGraph && !options.keepFingerprints ? (packed.symmetry ?? null) : null;
  // A part whose faults no swap keeps inside it has only the identity: nothing to fold there.
  const symmetry = group !== null && group.orderFor(part) > 1 ? group : null;
  const frontier = new PackedFrontier(model, packed, pending, symmetry, options.maxStates ?? Infinity, options.trackHalted ?? false, options.tally, part);
  const run = breadthFirst(frontier, packed.initialCount, { ...options, now, startedAt: started });
  return {
    store: frontier.store,
    graph: run.graph,
    roots: run.roots,
    transitions: frontier.transitions,
    maxDepth: run.maxDepth,
    maxDepthLive: frontier.maxDepthLive,
    maxDepthHalted: frontier.maxDepthHalted,
    halted: frontier.halted,
    stop: run.stop,
    violations: pending.violations,
    met: frontier.met,
    foldedBy: symmetry === null ? null : symmetry.orderFor(part),
    byBucket: frontier.byBucket,
  };
}

/**
 * The model object of stored state `id` exactly as the object loop would hold it: an initial
 * state as `initialStates()` gives it, any other as `next` makes it from its parent by the action
 * that first reached it (so the fields describing that transition are filled in too).
 */
export function exactState<S, A>(model: Model<S, A>, packed: PackedModel<S>, store: PackedStore, initials: readonly S[], id: number): S {
  const parent = store.parentOf(id);
  if (parent < 0) return initials[store.viaOf(id)]!;
  const from = packed.decode(store.words, parent * packed.width);
  return model.next(from, model.actions(from)[store.viaOf(id)]!);
}

/** The reason and counterexample of a violation found by `runPacked` exploring `part`, unfolded when the run was folded. */
export function violationOutcome<S, A>(
  model: Model<S, A>,
  packed: PackedModel<S>,
  run: PackedRun<S>,
  part: number,
  v: Violation<S>,
  property: SafetyProperty<S, A>,
): { reason: string; trace: Trace<S, A> } {
  if (run.foldedBy !== null) return unfoldViolation(model, packed, packed.symmetry!, run.store, part, v, property);
  return { reason: v.reason, trace: violationTrace(model, packed, run.store, v) };
}

/** The counterexample of a violation found by `runPacked`. */
export function violationTrace<S, A>(model: Model<S, A>, packed: PackedModel<S>, store: PackedStore, v: Violation<S>): Trace<S, A> {
  if (v.from < 0) return makeTrace(model, v.actionIndex, [v.to], [], null);
  const initials = model.initialStates();
  const path = store.pathTo(v.from);
  const states = path.ids.map((id) => exactState(model, packed, store, initials, id));
  states.push(v.to);
  return makeTrace(model, path.initial, states, [...path.actionIndices, v.actionIndex], null);
}

export function explorePacked<S, A>(
  model: Model<S, A>,
  packed: PackedModel<S>,
  properties: readonly Property<S, A>[],
  options: ExploreOptions = {},
): ExploreResult<S, A> {
  const now = options.now ?? (() => performance.now());
  const started = options.startedAt ?? now();
  const { safety, liveness } = splitByKind(properties);
  const run = runPacked(model, packed, safety.map((s) => s.property), { ...options, now, startedAt: started, keepGraph: liveness.length > 0, part: -1 });
  const exhausted = run.stop === null;
  const outcomes: PropertyOutcome<S, A>[] = new Array(properties.length);
  safety.forEach(({ at, property }, i) => {
    const v = run.violations[i];
    if (v !== undefined) outcomes[at] = { id: property.id, status: 'violated', ...violationOutcome(model, packed, run, -1, v, property) };
    else outcomes[at] = { id: property.id, status: exhausted ? 'holds' : 'inconclusive' };
  });
  if (liveness.length > 0) {
    const { store } = run;
    const initials = model.initialStates();
    const judged = exhausted
      ? judgeLiveness(model, run.graph!, run.roots, liveness, {
          isGoal: (property, id) => (packed.flags(store.words, id * packed.width, -1) & property.goalFlags!) !== 0,
          initialOf: (root) => store.viaOf(root),
          statesAlong: (ids) => ids.map((id) => exactState(model, packed, store, initials, id)),
        })
      : liveness.map(({ at, property }) => ({ at, outcome: { id: property.id, status: 'inconclusive' } as const }));
    for (const { at, outcome } of judged) outcomes[at] = outcome;
  }
  const result: ExploreResult<S, A> = {
    engine: 'packed',
    complete: run.stop === null || run.stop === 'decided',
    stoppedEarly: run.stop === 'decided',
    states: run.met.states,
    transitions: run.met.transitions,
    maxDepth: run.maxDepth,
    durationMs: now() - started,
    outcomes,
    storeBytes: run.store.bytes() + (run.graph === null ? 0 : (run.graph.offsets.length + run.graph.targets.length) * 4),
  };
  if (run.stop !== null && run.stop !== 'decided') result.stopReason = run.stop;
  if (run.foldedBy !== null) result.symmetry = { order: run.foldedBy, statesStored: run.store.size };
  if (options.keepFingerprints) {
    result.fingerprints = [];
    for (let id = 0; id < run.store.size; id++) result.fingerprints.push(model.fingerprint(packed.decode(run.store.words, id * packed.width)));
  }
  return result;
}
