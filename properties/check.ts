/**
 * Checks a topology against the catalogue: static properties are read off the file, the others are
 * judged in one exhaustive exploration of the composed mail system. Nothing here prints or throws
 * for a violation; a budget that cuts the run makes every undecided verdict `inconclusive`.
 */
import { isDelivered } from '../models/system/delivered.js';
import { explore, type ExploreOptions, type ExploreResult, type Property } from '../src/checker/index.js';
import { HALTED, labelsOf } from '../models/system/labels.js';
import { MailSystem } from '../models/system/mailSystem.js';
import { adviceFor } from '../models/topology/advice.js';
import type { Effect, SystemAction, SystemState } from '../models/system/types.js';
import type { PropertyId, Topology } from '../models/topology/types.js';
import { toCounterexample } from './counterexample.js';
import { BUILT_IN } from './index.js';
import { pointer } from './pointer.js';
import type { PropertyRegistry, RegisteredProperty } from './registry.js';
import type { CheckResult, CheckStats, Problem, PropertyResult } from './result.js';
import type { MailProperty } from './types.js';

export interface CheckOptions {
  /** Only these properties: ids of the registry's or the file's own (default: all). */
  properties?: readonly string[];
  /** The properties known besides the file's own (default: the built-in ones; a config file adds its own). */
  registry?: PropertyRegistry;
  maxStates?: number;
  timeoutMs?: number;
  /** Stop (inconclusive) once `memoryUsed()` passes this many bytes (both or neither). */
  maxMemoryBytes?: number;
  memoryUsed?: () => number;
  /** When the time budget started (`performance.now()`); default: when this check starts, so set-up counts. */
  startedAt?: number;
  onProgress?: ExploreOptions['onProgress'];
  /**
   * Check messages that cannot interact (they share no transient fault) apart and combine the
   * verdicts, instead of exploring their product (default true). Verdicts are the same either way.
   */
  independentParts?: boolean;
  /** Explore the packed encoding of the mail system (default true); false explores its objects. */
  packed?: boolean;
  /**
   * When only safety properties are explored, store one state per set of states that symmetric
   * hosts make interchangeable (models/system/symmetry.ts; default true). Verdicts and
   * counterexample lengths are the same either way.
   */
  symmetry?: boolean;
}

/** The effects each built-in safety property judges (its `judges`), by id. */
export const EFFECTS_JUDGED: Partial<Record<PropertyId, readonly Effect['kind'][]>> = Object.fromEntries(
  BUILT_IN.properties.flatMap((p) => (p.kind === 'safety' ? [[p.id, p.judges]] : [])),
);

/** The registry's properties (default: the built-in ones), then the file's own path properties, in the order reports list them. */
export function propertiesOf(topology: Topology, registry: PropertyRegistry = BUILT_IN): MailProperty[] {
  return registry.forTopology(topology).map((e) => e.property);
}

/**
 * The reductions a config file's properties allow. Symmetry folds hosts configured alike, and a
 * property of unknown code may tell them apart by name: never with one. Messages are checked apart
 * only when every such property judges one message at a time (`perMessage`).
 */
function reductionsFor(dynamic: readonly RegisteredProperty[]): { symmetry: boolean; independentParts: boolean } {
  const config = dynamic.filter((e) => e.origin.kind === 'config').map((e) => e.property);
  return {
    symmetry: config.length === 0,
    independentParts: config.every((p) => p.kind === 'safety' && p.perMessage === true),
  };
}

export function checkTopology(topology: Topology, options: CheckOptions = {}): CheckResult {
  const startedAt = options.startedAt ?? performance.now();
  const system = new MailSystem(topology);
  const registered = (options.registry ?? BUILT_IN).forTopology(topology);
  const chosen = registered.filter((e) => options.properties === undefined || options.properties.includes(e.property.id));
  const selected = chosen.map((e) => e.property);
  const results = new Map<string, PropertyResult>();
  const explored: RegisteredProperty[] = [];
  for (const e of chosen) {
    const p = e.property;
    const na = p.notApplicable?.(system) ?? null;
    if (na !== null) results.set(p.id, { id: p.id, verdict: 'not-applicable', reason: na });
    else if (p.kind === 'static') results.set(p.id, staticResult(p, topology));
    else explored.push(e);
  }
  const dynamic = explored.map((e) => e.property);
  const allowed = reductionsFor(explored);
  // An internal watch: did any run reach limits.callAheadDepth and get cut? Then no `holds` is sound.
  const cutWatch: Property<SystemState, SystemAction> = {
    kind: 'safety',
    id: '(call-ahead depth limit)',
    violation: (_f, _a, to) => (to.effects.some((e) => e.kind === 'call-ahead-too-deep') ? 'cut' : null),
    labels: labelsOf(['call-ahead-too-deep']),
    // Only a `holds` rests on it: a check whose every property is already violated may stop.
    advisory: true,
  };
  const run = explore(system, [...dynamic.map((p) => toEngine(p, system)), cutWatch], {
    maxStates: options.maxStates,
    timeoutMs: options.timeoutMs,
    startedAt,
    ...(options.memoryUsed === undefined ? {} : { maxMemoryBytes: options.maxMemoryBytes, memoryUsed: options.memoryUsed }),
    onProgress: options.onProgress,
    independentParts: (options.independentParts ?? true) && allowed.independentParts,
    packed: options.packed ?? true,
    symmetry: (options.symmetry ?? true) && allowed.symmetry,
  });
  const cut = run.outcomes.at(-1)!.status === 'violated';
  run.outcomes.slice(0, -1).forEach((outcome, i) => {
    const p = dynamic[i]!;
    if (outcome.status === 'holds' && cut) {
      const depth = topology.limits.callAheadDepth;
      results.set(p.id, { id: p.id, verdict: 'inconclusive', reason: `a call-ahead chain reached limits.callAheadDepth (${depth}) and runs beyond it were not explored; raise the limit` });
    } else if (outcome.status === 'holds') results.set(p.id, { id: p.id, verdict: 'holds' });
    else if (outcome.status === 'inconclusive') {
      const why =
        run.stopReason === 'timeout'
          ? `the time limit (${options.timeoutMs} ms)`
          : run.stopReason === 'max-memory'
            ? `the memory limit (${Math.round((options.maxMemoryBytes ?? 0) / 2 ** 20)} MB)`
            : `the state limit (${options.maxStates} states)`;
      const stored = run.symmetry?.statesStored ?? run.parts?.statesStored ?? run.states;
      const met = stored === run.states ? '' : ` (standing for ${run.states})`;
      results.set(p.id, { id: p.id, verdict: 'inconclusive', reason: `stopped by ${why} after ${stored} states stored${met}; no violation found so far` });
    } else {
      const trace = outcome.trace;
      const last = trace.actions.length === 0 ? trace.states[0]! : system.next(trace.states.at(-2)!, trace.actions.at(-1)!);
      const reason = p.kind === 'liveness' ? p.explain(last, system) : outcome.reason;
      results.set(p.id, {
        id: p.id,
        verdict: 'violated',
        reason,
        counterexample: toCounterexample(outcome.trace, system),
        pointer: locate(p, last, system),
      });
    }
  });
  const properties = selected.map((p) => {
    const r = results.get(p.id)!;
    const expected = topology.expect[p.id];
    return expected === undefined ? r : { ...r, expected };
  });
  const warnings = adviceFor(topology);
  return {
    file: topology.file,
    properties,
    stats: {
      states: run.states,
      transitions: run.transitions,
      maxDepth: run.maxDepth,
      durationMs: Math.round(run.durationMs * 100) / 100,
      complete: run.complete,
      ...(run.statesLog10 === undefined ? {} : { statesLog10: run.statesLog10 }),
      ...(run.stopReason === undefined ? {} : { stopReason: run.stopReason }),
      ...(run.stoppedEarly && dynamic.length > 0 ? { stoppedAtViolation: true as const } : {}),
      ...storedFigures(run, system),
    },
    ...(warnings.length === 0 ? {} : { warnings }),
  };
}

/** What the reductions stored, when they stored less than the whole state space. */
function storedFigures(run: ExploreResult<SystemState, SystemAction>, system: MailSystem): Pick<CheckStats, 'statesStored' | 'symmetricHosts'> {
  const stored = run.symmetry?.statesStored ?? run.parts?.statesStored;
  const classes = run.symmetry === undefined ? undefined : system.packed()?.symmetry?.classes;
  return {
    ...(stored === undefined || stored === run.states ? {} : { statesStored: stored }),
    ...(classes === undefined ? {} : { symmetricHosts: classes.map((c) => c.map((h) => system.names[h]!)) }),
  };
}

function toEngine(p: MailProperty, system: MailSystem): Property<SystemState, SystemAction> {
  // A run cut at the depth limit is not a run that fails to deliver: we do not know how it ends.
  if (p.kind === 'liveness') {
    const goal = (s: SystemState) => system.isTruncated(s) || p.goal(s, system);
    return p.goalFlags === undefined ? { kind: 'liveness', id: p.id, goal } : { kind: 'liveness', id: p.id, goal, goalFlags: HALTED | p.goalFlags };
  }
  if (p.kind !== 'safety') throw new Error(`${p.id} is not explored`);
  // The packed engine asks only about transitions labelled with a judged effect; the object engine
  // asks about every one, so it filters alike and both judge the same steps.
  const judged = new Set<Effect['kind']>(p.judges);
  return {
    kind: 'safety',
    id: p.id,
    labels: labelsOf(p.judges),
    violation(_from, _action, to) {
      for (const e of to.effects) {
        if (!judged.has(e.kind)) continue;
        const why = p.violation(e, system, to);
        if (why !== null) return why;
      }
      return null;
    },
  };
}

function staticResult(p: MailProperty & { kind: 'static' }, topology: Topology): PropertyResult {
  // Static facts cost nothing to list: report every problem, so one run shows everything to fix.
  const problems: Problem[] = p.findings(topology).map((f) => ({
    reason: f.reason,
    pointer: f.pointer,
    counterexample: {
      steps: f.steps.map((text, i) => ({ n: i + 1, kind: 'finding' as const, message: null, from: topology.file, to: null, depth: 0, text, details: [] })),
      loopsFrom: null,
      path: null,
    },
  }));
  const [first] = problems;
  if (first === undefined) return { id: p.id, verdict: 'holds' };
  return { id: p.id, verdict: 'violated', reason: first.reason, pointer: first.pointer, counterexample: first.counterexample, problems };
}

/** The part of the file a dynamic violation involves: the host whose behaviour closes it. */
function locate(p: MailProperty, last: SystemState, system: MailSystem): string {
  // A path property of the file's own is located where the file states it.
  if (system.topology.properties.some((own) => own.id === p.id)) return pointer('properties', p.id);
  const e = p.kind === 'safety' ? last.effects.find((x) => p.judges.includes(x.kind) && p.violation(x, system, last) !== null) : undefined;
  if (e === undefined) {
    const stuck = last.messages.findIndex((m, i) => system.isRecipientValid(i) && !isDelivered(m));
    return pointer('messages', Math.max(stuck, 0));
  }
  switch (e.kind) {
    case 'call-ahead-repeat':
    case 'call-ahead-too-deep':
      return pointer('hosts', e.caller, 'verify');
    case 'relayed-to-visited':
    case 'hop-limit-bounce':
      return pointer('hosts', e.host, 'route');
    case 'discarded':
      return pointer('hosts', e.host, 'spam');
    case 'accepted-invalid':
      return pointer('hosts', e.host, 'verify');
    default:
      return pointer('messages', e.message);
  }
}
