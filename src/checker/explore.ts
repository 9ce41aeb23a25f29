/**
 * The explore loop: breadth-first over the model's reachable states, checking every safety property
 * on every initial state and every transition, then, if the space was exhausted, judging liveness on
 * the explored graph. Breadth-first order makes every safety counterexample a shortest one.
 *
 * States get dense ids in discovery order, and breadth-first discovery order is queue order, so the
 * queue is simply the id range: `head` walks it, nothing is ever shifted or copied.
 *
 * A model that offers a packed form is explored in it instead (explorePacked.ts: the same search
 * over words, with the same results), and with `independentParts` part by part (product.ts)
 * when every property is judged one part at a time (`partwise`).
 */
import { explorePacked } from './explorePacked.js';
import { IntVec } from './intvec.js';
import { judgeLiveness } from './liveness.js';
import type { LivenessProperty, Model, Property, SafetyProperty } from './model.js';
import { exploreParts, exploreProduct } from './product.js';
import { budgetSpent } from './budget.js';
import type { ExploreOptions, ExploreResult, PropertyOutcome, StopReason } from './result.js';
import { StateStore } from './store.js';
import { makeTrace } from './trace.js';

/** Expansions between two looks at the clock: cheap enough to ignore, frequent enough to react. */
const CLOCK_EVERY = 1024;

export function explore<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S, A>[],
  options: ExploreOptions = {},
): ExploreResult<S, A> {
  // The packed form when the model offers one and every property can be judged on it.
  const packed = options.packed === false ? null : (model.packed?.() ?? null);
  const packs = packed !== null && properties.every((p) => (p.kind === 'safety' ? p.labels !== undefined : p.goalFlags !== undefined));
  const splits = packs && packed.initialCount === 1 && !options.keepFingerprints && properties.every((p) => p.partwise === true);
  if (options.onlyParts !== undefined) {
    if (!splits) throw new Error('onlyParts needs a packed model with one initial state and properties judged part by part');
    if (options.onlyParts.some((p, i, all) => !Number.isInteger(p) || p < 0 || p >= packed.parts || all.indexOf(p) !== i)) {
      throw new RangeError(`onlyParts must name distinct parts 0 .. ${packed.parts - 1}`);
    }
    return exploreParts(model, packed, properties, options.onlyParts, options);
  }
  if (packs) {
    if (splits && options.independentParts && packed.parts > 1) return exploreProduct(model, packed, properties, options);
    return explorePacked(model, packed, properties, options);
  }
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
  let lastProgress = started;

  const outcomes: (PropertyOutcome<S, A> | undefined)[] = properties.map(() => undefined);
  // Safety properties not yet violated, with their position in `properties`; shrinks as they fail.
  const pending: { at: number; property: SafetyProperty<S, A> }[] = [];
  const liveness: { at: number; property: LivenessProperty<S> }[] = [];
  properties.forEach((property, at) => {
    if (property.kind === 'safety') pending.push({ at, property });
    else liveness.push({ at, property });
  });
  const mayStopEarly = (options.stopEarly ?? true) && pending.length > 0 && liveness.length === 0;

  const store = new StateStore<S>();
  // The explored graph in CSR form, built as we go because states are expanded in id order; only
  // kept when liveness needs it.
  const offsets = liveness.length > 0 ? new IntVec() : null;
  const targets = liveness.length > 0 ? new IntVec() : null;

  // Records the first violation of pending[p]: the stored path to `from`, then the bad step.
  const violate = (p: number, reason: string, from: number, actionIndex: number, to: S): void => {
    const { at, property } = pending[p]!;
    let trace;
    if (from < 0) {
      trace = makeTrace(model, actionIndex, [to], [], null);
    } else {
      const path = store.pathTo(from);
      const states: S[] = path.ids.map((id) => store.states[id] as S);
      states.push(to);
      trace = makeTrace(model, path.initial, states, [...path.actionIndices, actionIndex], null);
    }
    outcomes[at] = { id: property.id, status: 'violated', reason, trace };
    pending.splice(p, 1);
  };

  let stop: StopReason | 'decided' | null = null;
  let transitions = 0;
  let maxDepth = 0;

  const initials = model.initialStates();
  for (let i = 0; i < initials.length && stop === null; i++) {
    const state = initials[i]!;
    const fingerprint = model.fingerprint(state);
    if (store.idOf(fingerprint) !== undefined) continue;
    // Backwards, so that `violate` splicing pending[p] out leaves the rest of the walk intact.
    for (let p = pending.length - 1; p >= 0; p--) {
      const reason = pending[p]!.property.violation(null, null, state);
      if (reason !== null) violate(p, reason, -1, i, state);
    }
    if (mayStopEarly && pending.every((p) => p.property.advisory === true)) stop = 'decided';
    else if (store.size >= maxStates) stop = 'max-states';
    else store.add(fingerprint, state, -1, i);
  }

  const roots = store.size;
  let head = 0;
  let depth = 0;
  let layerEnd = roots; // first id of the next breadth-first layer
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
        onProgress({ states: store.size, transitions, depth, elapsedMs: t - started });
      }
    }
    const from = head++;
    const state = store.states[from]!;
    const actions = model.actions(state);
    offsets?.push(targets!.length);
    for (let k = 0; k < actions.length; k++) {
      const action = actions[k]!;
      const next = model.next(state, action);
      transitions++;
      for (let p = pending.length - 1; p >= 0; p--) {
        const reason = pending[p]!.property.violation(state, action, next);
        if (reason !== null) violate(p, reason, from, k, next);
      }
      if (mayStopEarly && pending.every((p) => p.property.advisory === true)) {
        stop = 'decided';
        break;
      }
      const fingerprint = model.fingerprint(next);
      let to = store.idOf(fingerprint);
      if (to === undefined) {
        if (store.size >= maxStates) {
          stop = 'max-states';
          break;
        }
        to = store.add(fingerprint, next, from, k);
        maxDepth = depth + 1;
      }
      targets?.push(to);
    }
  }

  // Exhausted (`stop === null`): every verdict is final. Decided early: all were violated anyway.
  const exhausted = stop === null;
  for (const { at, property } of pending) {
    outcomes[at] = { id: property.id, status: exhausted ? 'holds' : 'inconclusive' };
  }
  if (liveness.length > 0) {
    if (exhausted) {
      offsets!.push(targets!.length);
      const graph = { offsets: offsets!.view(), targets: targets!.view() };
      for (const { at, outcome } of judgeLiveness(model, store, graph, roots, liveness)) outcomes[at] = outcome;
    } else {
      for (const { at, property } of liveness) outcomes[at] = { id: property.id, status: 'inconclusive' };
    }
  }

  const result: ExploreResult<S, A> = {
    complete: stop === null || stop === 'decided',
    stoppedEarly: stop === 'decided',
    states: store.size,
    transitions,
    maxDepth,
    durationMs: now() - started,
    outcomes: outcomes as PropertyOutcome<S, A>[],
  };
  if (stop !== null && stop !== 'decided') result.stopReason = stop;
  if (options.keepFingerprints) result.fingerprints = store.fingerprints();
  return result;
}

/** The reachable state space alone, as fingerprints in discovery order: an oracle's view of a model. */
export function exploreReachable<S, A>(
  model: Model<S, A>,
  options: Omit<ExploreOptions, 'keepFingerprints'> = {},
): { complete: boolean; fingerprints: string[] } {
  const result = explore(model, [], { ...options, keepFingerprints: true });
  return { complete: result.complete, fingerprints: result.fingerprints ?? [] };
}
