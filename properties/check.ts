/**
 * Checks a topology against the catalogue: static properties are read off the file, the others are
 * judged in one exhaustive exploration of the composed mail system. Nothing here prints or throws
 * for a violation; a budget that cuts the run makes every undecided verdict `inconclusive`.
 */
import { budgetSpent, explore, unexplored, type ExploreOptions, type ExploreResult, type Property } from '../src/checker/index.js';
import { HALTED, labelsOf } from '../models/system/labels.js';
import { MailSystem } from '../models/system/mailSystem.js';
import { sharedMemory } from '../models/system/memoryScope.js';
import { adviceFor } from '../models/topology/advice.js';
import type { Effect, SystemAction, SystemState } from '../models/system/types.js';
import type { PropertyId, Topology } from '../models/topology/types.js';
import { messagesAbout, toCounterexample } from './counterexample.js';
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
  /** Stop (inconclusive, `interrupted`) once this returns true: how the CLI's Ctrl-C reaches a check. */
  interrupted?: () => boolean;
  /**
   * Check each message apart, the transient faults it may meet flipping freely, and combine the
   * verdicts and the whole space's figures, instead of exploring the product of the messages
   * (default true). Verdicts, counterexample lengths and counts are the same either way.
   */
  independentParts?: boolean;
  /**
   * Check only these messages (indices into the file's `messages`): each is explored alone, the
   * others never move. Verdicts and figures are those of the system of these messages and the
   * transient faults they may meet; counterexamples replay on the whole file.
   */
  messages?: readonly number[];
  /** Explore the packed encoding of the mail system (default true); false explores its objects. */
  packed?: boolean;
  /**
   * When only safety properties are explored, store one state per set of states that symmetric
   * hosts make interchangeable (models/system/symmetry.ts; default true). Verdicts and
   * counterexample lengths are the same either way.
   */
  symmetry?: boolean;
  /**
   * Also say which steps of each counterexample its violation needs (focus.ts; default true).
   * Explore's search turns it off: it reads only verdicts, of thousands of topologies.
   */
  focus?: boolean;
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
 * Symmetry folds hosts configured alike, and a config's property, code mxproof cannot see into,
 * may tell them apart by name: never fold with one. (Checking messages apart is the engine's
 * choice, per property: `partwise`, which a config's safety property claims with `perMessage`.)
 */
function symmetryAllowed(dynamic: readonly RegisteredProperty[]): boolean {
  return dynamic.every((e) => e.origin.kind !== 'config');
}

export function checkTopology(topology: Topology, options: CheckOptions = {}): CheckResult {
  const startedAt = options.startedAt ?? performance.now();
  // The loader refuses these with the file's positions; a topology built in a program (explore's
  // draws filter them out) must not be checked with a memory its messages would share either.
  const shared = sharedMemory(topology);
  if (shared !== null) {
    throw new Error(`messages ${shared.messages.join(' and ')} go to one recipient and both reach ${shared.host}, whose role \`${shared.role}\` keeps a memory: they cannot be checked apart exactly (models/system/memoryScope.ts)`);
  }
  const system = new MailSystem(topology);
  const registered = (options.registry ?? BUILT_IN).forTopology(topology);
  const chosen = registered.filter((e) => options.properties === undefined || options.properties.includes(e.property.id));
  const selected = chosen.map((e) => e.property);
  const results = new Map<string, PropertyResult>();
  const judged: RegisteredProperty[] = [];
  for (const e of chosen) {
    const p = e.property;
    const na = p.notApplicable?.(system) ?? null;
    if (na !== null) results.set(p.id, { id: p.id, verdict: 'not-applicable', reason: na });
    else if (p.kind === 'static') results.set(p.id, staticResult(p, topology));
    else judged.push(e);
  }
  const dynamic = judged.map((e) => e.property);

  // An internal watch: did any run reach limits.callAheadDepth and get cut? Then no `holds` is sound.
  const cutWatch: Property<SystemState, SystemAction> = {
    kind: 'safety',
    id: '(call-ahead depth limit)',
    violation: (_f, _a, to) => (to.effects.some((e) => e.kind === 'call-ahead-too-deep') ? 'cut' : null),
    labels: labelsOf(['call-ahead-too-deep']),
    // Only a `holds` rests on it: a check whose every property is already violated may stop.
    advisory: true,
    partwise: true,
  };
  const engine = [...judged.map((e) => toEngine(e, system)), cutWatch];
  const budget = {
    maxStates: options.maxStates,
    timeoutMs: options.timeoutMs,
    startedAt,
    ...(options.memoryUsed === undefined ? {} : { maxMemoryBytes: options.maxMemoryBytes, memoryUsed: options.memoryUsed }),
    ...(options.interrupted === undefined ? {} : { interrupted: options.interrupted }),
  };
  // Building the system and the static verdicts may have spent the budget (a huge file): then the
  // model is not packed and nothing is explored.
  const spent = budgetSpent(budget);
  const explored = (): ExploreResult<SystemState, SystemAction> => {
    const only = options.messages === undefined ? undefined : onlyParts(system, options.messages);
    return explore(system, engine, {
      ...budget,
      onProgress: options.onProgress,
      independentParts: options.independentParts ?? true,
      packed: options.packed ?? true,
      symmetry: (options.symmetry ?? true) && symmetryAllowed(judged),
      ...(only === undefined ? {} : { onlyParts: only }),
    });
  };
  const run = spent === null ? explored() : unexplored<SystemState, SystemAction>(engine.map((p) => p.id), spent, performance.now() - startedAt);
  const cut = run.outcomes.at(-1)!.status === 'violated';
  run.outcomes.slice(0, -1).forEach((outcome, i) => {
    const p = dynamic[i]!;
    if (outcome.status === 'holds' && cut) {
      const depth = topology.limits.callAheadDepth;
      results.set(p.id, { id: p.id, verdict: 'inconclusive', reason: `a call-ahead chain reached limits.callAheadDepth (${depth}) and runs beyond it were not explored; raise the limit` });
    } else if (outcome.status === 'holds') results.set(p.id, { id: p.id, verdict: 'holds' });
    else if (outcome.status === 'inconclusive') {
      results.set(p.id, { id: p.id, verdict: 'inconclusive', reason: stoppedReason(run, options) });
    } else {
      const trace = outcome.trace;
      const last = trace.actions.length === 0 ? trace.states[0]! : system.next(trace.states.at(-2)!, trace.actions.at(-1)!);
      const reason = p.kind === 'liveness' ? p.explain(last, system) : outcome.reason;
      results.set(p.id, {
        id: p.id,
        verdict: 'violated',
        reason,
        counterexample: toCounterexample(outcome.trace, system, options.focus === false ? [] : messagesAbout(p.kind === 'liveness' ? 'liveness' : 'safety', outcome.trace, system)),
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
      // A run stopped before its search (the budget spent while building) spent all of it setting up.
      setupMs: Math.round((run.setupMs ?? run.durationMs) * 100) / 100,
      complete: run.complete,
      engine: run.engine,
      ...(run.statesLog10 === undefined ? {} : { statesLog10: run.statesLog10 }),
      ...(run.stopReason === undefined ? {} : { stopReason: run.stopReason }),
      ...(run.stoppedEarly && dynamic.length > 0 ? { stoppedAtViolation: true as const } : {}),
      ...storedFigures(run, system),
    },
    ...(warnings.length === 0 ? {} : { warnings }),
  };
}

/** Why a verdict stayed open: what stopped the run, and how far it got. */
function stoppedReason(run: ExploreResult<SystemState, SystemAction>, options: CheckOptions): string {
  const why =
    run.stopReason === 'timeout'
      ? `the time limit (${options.timeoutMs} ms)`
      : run.stopReason === 'max-memory'
        ? `the memory limit (${Math.round((options.maxMemoryBytes ?? 0) / 2 ** 20)} MB)`
        : run.stopReason === 'interrupted'
          ? 'an interrupt'
          : `the state limit (${options.maxStates} states)`;
  if (run.states === 0) return `stopped by ${why} while building the model, before exploring`;
  const stored = run.symmetry?.statesStored ?? run.parts?.statesStored ?? run.states;
  const met = stored === run.states ? '' : ` (standing for ${run.states})`;
  return `stopped by ${why} after ${stored} states stored${met}; no violation found so far`;
}

/** The parts of the packed system that are `messages` (each message is one: models/system/packed.ts). */
function onlyParts(system: MailSystem, messages: readonly number[]): number[] {
  const packed = system.packed();
  if (packed === null) throw new Error('checking some messages only needs the packed mail system');
  for (const m of messages) {
    if (!Number.isInteger(m) || m < 0 || m >= system.topology.messages.length) {
      throw new RangeError(`message ${m} is not in the file: it has ${system.topology.messages.length} message(s), numbered from 0`);
    }
  }
  return [...new Set(messages)].map((m) => packed.partOfMessage(m));
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

function toEngine({ property: p, origin }: RegisteredProperty, system: MailSystem): Property<SystemState, SystemAction> {
  // A run cut at the depth limit is not a run that fails to deliver: we do not know how it ends.
  if (p.kind === 'liveness') {
    const goal = (s: SystemState) => system.isTruncated(s) || p.goal(s, system);
    // Packed goal flags (only built-in properties have them: eventual-delivery's, every message to
    // a valid recipient delivered) hold of a state exactly when they hold of each message alone, so
    // such a goal is judged message by message (each message is a part: models/system/packed.ts).
    return p.goalFlags === undefined ? { kind: 'liveness', id: p.id, goal } : { kind: 'liveness', id: p.id, goal, goalFlags: HALTED | p.goalFlags, partwise: true };
  }
  if (p.kind !== 'safety') throw new Error(`${p.id} is not explored`);
  // The packed engine asks only about transitions labelled with a judged effect; the object engine
  // asks about every one, so it filters alike and both judge the same steps.
  const judged = new Set<Effect['kind']>(p.judges);
  return {
    kind: 'safety',
    id: p.id,
    labels: labelsOf(p.judges),
    // A mail safety property judges one effect at a time, and every effect is of the one message
    // whose step made it; a built-in or path property reads that message's state alone
    // (SafetyMailProperty): it speaks of one message at a time. A config's property says whether.
    partwise: origin.kind !== 'config' || p.perMessage === true,
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
    const stuck = last.messages.findIndex((m, i) => system.isRecipientValid(i) && !system.isDelivered(m, i));
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
