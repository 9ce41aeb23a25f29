/**
 * The explore loop over a packed model: the same breadth-first search, verdicts, counterexamples
 * and budgets as explore.ts, but states are words in a PackedStore and one call lists all the
 * successors of a state. Safety properties are asked only of transitions whose label they select,
 * liveness goals are read off the state's flags, and model objects are rebuilt only for the
 * states of a counterexample — so results equal those of the object loop exactly.
 */
import { IntVec } from './intvec.js';
import { BOTTOM_REASON, DEADLOCK_REASON, splitByKind } from './liveness.js';
import { LassoFinder, type Graph } from './lasso.js';
import type { LivenessProperty, Model, Property, SafetyProperty } from './model.js';
import type { PackedModel } from './packed.js';
import { PackedStore } from './packedStore.js';
import { budgetSpent } from './budget.js';
import type { ExploreOptions, ExploreResult, PropertyOutcome, StopReason, Trace } from './result.js';
import { makeTrace } from './trace.js';
import { unfoldViolation } from './unfold.js';

const CLOCK_EVERY = 1024;

/** A first violation, as found: the bad step is action `actionIndex` from state `from` (-1: initial `actionIndex`). */
export interface Violation<S> {
  reason: string;
  from: number;
  actionIndex: number;
  to: S;
  /** Steps in the counterexample. */
  length: number;
}

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
  stop: StopReason | 'decided' | null;
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

export interface RunOptions extends ExploreOptions {
  /** Keep the CSR graph (liveness needs it). */
  keepGraph: boolean;
  /** Explore only this part's moves (-1: every move). */
  part: number;
  /** Added to the figures reported to `onProgress` (the parts explored before this one). */
  progressBase?: { states: number; transitions: number };
  /** Count halted states and the depths of both kinds (a product run needs them). */
  trackHalted?: boolean;
  /**
   * Also count `met` per bucket of states, `bucketOf` naming a state's (0 .. buckets - 1): a part
   * that shares environment bits is tallied per assignment of them (count.ts).
   */
  tally?: { buckets: number; bucketOf(words: Int32Array, at: number): number };
}

export function runPacked<S, A>(
  model: Model<S, A>,
  packed: PackedModel<S>,
  safety: readonly SafetyProperty<S, A>[],
  options: RunOptions,
): PackedRun<S> {
  const now = options.now ?? (() => performance.now());
  const started = options.startedAt ?? now();
  const maxStates = options.maxStates ?? Infinity;
  const timeoutMs = options.timeoutMs ?? Infinity;
  const onProgress = options.onProgress;
  const progressIntervalMs = options.progressIntervalMs ?? 250;
  const maxMemory = options.memoryUsed === undefined ? Infinity : (options.maxMemoryBytes ?? Infinity);
  const interrupted = options.interrupted;
  const watchClock = onProgress !== undefined || timeoutMs !== Infinity || maxMemory !== Infinity || interrupted !== undefined;
  // The same questions the work before the search asks (budget.ts), polled every CLOCK_EVERY expansions.
  const budget = { ...options, startedAt: started, now };
  const base = options.progressBase ?? { states: 0, transitions: 0 };
  let lastProgress = started;
  const { width } = packed;
  const { part } = options;

  const violations: (Violation<S> | undefined)[] = safety.map(() => undefined);
  const pending: number[] = safety.map((_, i) => i);
  let pendingLabels = 0;
  for (const p of safety) pendingLabels |= p.labels ?? -1;
  const mayStopEarly = (options.stopEarly ?? true) && safety.length > 0 && !options.keepGraph;

  // Symmetric states are folded only where nothing but reachability is asked: not with a graph kept for liveness.
  const group = options.symmetry && !options.keepGraph && !options.keepFingerprints ? (packed.symmetry ?? null) : null;
  // A part whose faults no swap keeps inside it has only the identity: nothing to fold there.
  const symmetry = group !== null && group.orderFor(part) > 1 ? group : null;
  const orbit = symmetry === null ? null : new IntVec();
  const met = { states: 0, transitions: 0, halted: 0 };
  const canonical = (words: Int32Array, at: number): number => (symmetry === null ? 1 : symmetry.canonicalize(words, at, part));

  const store = new PackedStore(width);
  const offsets = options.keepGraph ? new IntVec(16) : null;
  const targets = options.keepGraph ? new IntVec(16) : null;
  const initials = model.initialStates();

  const violate = (p: number, reason: string, from: number, actionIndex: number, to: S, length: number): void => {
    violations[pending[p]!] = { reason, from, actionIndex, to, length };
    pending.splice(p, 1);
    pendingLabels = 0;
    for (const q of pending) pendingLabels |= safety[q]!.labels ?? -1;
  };

  let stop: StopReason | 'decided' | null = null;
  let transitions = 0;
  let maxDepth = 0;
  let maxDepthLive = -1;
  let maxDepthHalted = -1;
  let halted = 0;
  const trackHalted = options.trackHalted ?? false;
  const tally = options.tally;
  const byBucket =
    tally === undefined ? null : { states: new Float64Array(tally.buckets), halted: new Float64Array(tally.buckets), transitions: new Float64Array(tally.buckets) };
  const noteDepth = (id: number, depth: number, size: number): void => {
    orbit?.push(size);
    met.states += size;
    const bucket = byBucket === null ? 0 : tally!.bucketOf(store.words, id * width);
    if (byBucket !== null) byBucket.states[bucket]! += size;
    if (!trackHalted) return;
    if ((packed.flags(store.words, id * width, part) & packed.halted) !== 0) {
      halted++;
      met.halted += size;
      if (byBucket !== null) byBucket.halted[bucket]! += size;
      if (depth > maxDepthHalted) maxDepthHalted = depth;
    } else if (depth > maxDepthLive) maxDepthLive = depth;
  };

  const scratch = new Int32Array(width);
  for (let i = 0; i < packed.initialCount && stop === null; i++) {
    packed.initial(i, scratch, 0);
    const size = canonical(scratch, 0);
    if (store.find(scratch, 0) >= 0) continue;
    const state = initials[i]!;
    for (let p = pending.length - 1; p >= 0; p--) {
      const reason = safety[pending[p]!]!.violation(null, null, state);
      if (reason !== null) violate(p, reason, -1, i, state, 0);
    }
    if (mayStopEarly && pending.every((p) => safety[p]!.advisory === true)) stop = 'decided';
    else if (store.size >= maxStates) stop = 'max-states';
    else noteDepth(store.insert(scratch, 0, -1, i), 0, size);
  }

  const roots = store.size;
  const most = part >= 0 && packed.maxSuccessorsOf !== undefined ? packed.maxSuccessorsOf(part) : packed.maxSuccessors;
  const out = new Int32Array(most * width);
  const labels = new Int32Array(most);
  const acts = new Int32Array(most);
  let head = 0;
  let depth = 0;
  let layerEnd = roots;
  while (stop === null && head < store.size) {
    if (head === layerEnd) {
      depth++;
      layerEnd = store.size;
    }
    if (watchClock && head % CLOCK_EVERY === 0) {
      const t = now();
      const spent = budgetSpent(budget);
      if (spent !== null) {
        stop = spent;
        break;
      }
      if (onProgress !== undefined && t - lastProgress >= progressIntervalMs) {
        lastProgress = t;
        onProgress({ states: base.states + store.size, transitions: base.transitions + transitions, depth, elapsedMs: t - started });
      }
    }
    const from = head++;
    const n = packed.successors(store.words, from * width, out, labels, acts, part);
    // Each transition explored stands for one from every state of `from`'s orbit.
    const orbitOfFrom = orbit === null ? 1 : orbit.get(from);
    if (byBucket !== null) byBucket.transitions[tally!.bucketOf(store.words, from * width)]! += n * orbitOfFrom;
    offsets?.push(targets!.length);
    let fromState: S | null = null;
    for (let k = 0; k < n; k++) {
      transitions++;
      met.transitions += orbitOfFrom;
      const label = labels[k]!;
      if ((label & pendingLabels) !== 0) {
        fromState ??= packed.decode(store.words, from * width);
        const action = (packed.action?.(store.words, from * width, acts[k]!, fromState) as A | undefined) ?? model.actions(fromState)[acts[k]!]!;
        const to = model.next(fromState, action);
        for (let p = pending.length - 1; p >= 0; p--) {
          const property = safety[pending[p]!]!;
          if ((label & (property.labels ?? -1)) === 0) continue;
          const reason = property.violation(fromState, action, to);
          if (reason !== null) violate(p, reason, from, acts[k]!, to, depth + 1);
        }
        if (mayStopEarly && pending.every((p) => safety[p]!.advisory === true)) {
          stop = 'decided';
          break;
        }
      }
      const at = k * width;
      let to = store.find(out, at);
      // Stored states are representatives: a successor found as it is needs no canonical form.
      let size = 1;
      if (to < 0 && symmetry !== null) {
        size = canonical(out, at);
        to = store.find(out, at);
      }
      if (to < 0) {
        if (store.size >= maxStates) {
          stop = 'max-states';
          break;
        }
        to = store.insert(out, at, from, acts[k]!);
        maxDepth = depth + 1;
        noteDepth(to, depth + 1, size);
      }
      targets?.push(to);
    }
  }
  if (stop === null && offsets !== null) offsets.push(targets!.length);
  return {
    store,
    graph: stop === null && offsets !== null ? { offsets: offsets.view(), targets: targets!.view() } : null,
    roots,
    transitions,
    maxDepth,
    maxDepthLive,
    maxDepthHalted,
    halted,
    stop,
    violations,
    met,
    foldedBy: symmetry === null ? null : symmetry.orderFor(part),
    byBucket,
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
    if (exhausted) {
      const finder = new LassoFinder(run.graph!, run.roots);
      const isGoal = new Uint8Array(run.store.size);
      const initials = model.initialStates();
      for (const { at, property } of liveness) {
        const goalFlags = property.goalFlags!;
        for (let v = 0; v < isGoal.length; v++) isGoal[v] = (packed.flags(run.store.words, v * packed.width, -1) & goalFlags) !== 0 ? 1 : 0;
        const lasso = finder.find(isGoal);
        if (lasso === null) {
          outcomes[at] = { id: property.id, status: 'holds' };
          continue;
        }
        const states = lasso.ids.map((id) => exactState(model, packed, run.store, initials, id));
        const trace = makeTrace(model, run.store.viaOf(lasso.ids[0]!), states, lasso.actionIndices, lasso.loopsFrom);
        const reason = lasso.loopsFrom === null ? DEADLOCK_REASON : BOTTOM_REASON;
        outcomes[at] = { id: property.id, status: 'violated', reason, trace };
      }
    } else {
      for (const { at, property } of liveness) outcomes[at] = { id: property.id, status: 'inconclusive' };
    }
  }
  const result: ExploreResult<S, A> = {
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
