/**
 * Checks a topology against the catalogue: static properties are read off the file, the others are
 * judged in one exhaustive exploration of the composed mail system. Nothing here prints or throws
 * for a violation; a budget that cuts the run makes every undecided verdict `inconclusive`.
 */
import { explore, type ExploreOptions, type Property } from '../src/checker/index.js';
import { MailSystem } from '../models/system/mailSystem.js';
import type { SystemAction, SystemState } from '../models/system/types.js';
import type { PropertyId, Topology } from '../models/topology/types.js';
import { toCounterexample } from './counterexample.js';
import { PROPERTIES } from './index.js';
import { pointer } from './pointer.js';
import type { CheckResult, PropertyResult } from './result.js';
import type { MailProperty } from './types.js';

export interface CheckOptions {
  /** Only these properties (default: all). */
  properties?: readonly PropertyId[];
  maxStates?: number;
  timeoutMs?: number;
  onProgress?: ExploreOptions['onProgress'];
}

export function checkTopology(topology: Topology, options: CheckOptions = {}): CheckResult {
  const system = new MailSystem(topology);
  const selected = PROPERTIES.filter((p) => options.properties === undefined || options.properties.includes(p.id));
  const results = new Map<PropertyId, PropertyResult>();
  const dynamic: MailProperty[] = [];
  for (const p of selected) {
    const na = p.notApplicable?.(system) ?? null;
    if (na !== null) results.set(p.id, { id: p.id, verdict: 'not-applicable', reason: na });
    else if (p.kind === 'static') results.set(p.id, staticResult(p, topology));
    else dynamic.push(p);
  }
  // An internal watch: did any run reach limits.callAheadDepth and get cut? Then no `holds` is sound.
  const cutWatch: Property<SystemState, SystemAction> = {
    kind: 'safety',
    id: '(call-ahead depth limit)',
    violation: (_f, _a, to) => (to.effects.some((e) => e.kind === 'call-ahead-too-deep') ? 'cut' : null),
  };
  const run = explore(system, [...dynamic.map((p) => toEngine(p, system)), cutWatch], {
    maxStates: options.maxStates,
    timeoutMs: options.timeoutMs,
    onProgress: options.onProgress,
  });
  const cut = run.outcomes.at(-1)!.status === 'violated';
  run.outcomes.slice(0, -1).forEach((outcome, i) => {
    const p = dynamic[i]!;
    if (outcome.status === 'holds' && cut) {
      const depth = topology.limits.callAheadDepth;
      results.set(p.id, { id: p.id, verdict: 'inconclusive', reason: `a call-ahead chain reached limits.callAheadDepth (${depth}) and runs beyond it were not explored; raise the limit` });
    } else if (outcome.status === 'holds') results.set(p.id, { id: p.id, verdict: 'holds' });
    else if (outcome.status === 'inconclusive') {
      const why = run.stopReason === 'timeout' ? `the time limit (${options.timeoutMs} ms)` : `the state limit (${options.maxStates} states)`;
      results.set(p.id, { id: p.id, verdict: 'inconclusive', reason: `stopped by ${why} after ${run.states} states; no violation found so far` });
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
  return {
    file: topology.file,
    properties,
    stats: {
      states: run.states,
      transitions: run.transitions,
      maxDepth: run.maxDepth,
      durationMs: Math.round(run.durationMs * 100) / 100,
      complete: run.complete,
      ...(run.stopReason === undefined ? {} : { stopReason: run.stopReason }),
    },
  };
}

function toEngine(p: MailProperty, system: MailSystem): Property<SystemState, SystemAction> {
  // A run cut at the depth limit is not a run that fails to deliver: we do not know how it ends.
  if (p.kind === 'liveness') return { kind: 'liveness', id: p.id, goal: (s) => system.isTruncated(s) || p.goal(s, system) };
  if (p.kind !== 'safety') throw new Error(`${p.id} is not explored`);
  return {
    kind: 'safety',
    id: p.id,
    violation(_from, _action, to) {
      for (const e of to.effects) {
        const why = p.violation(e, system);
        if (why !== null) return why;
      }
      return null;
    },
  };
}

function staticResult(p: MailProperty & { kind: 'static' }, topology: Topology): PropertyResult {
  const [first] = p.findings(topology);
  if (first === undefined) return { id: p.id, verdict: 'holds' };
  const steps = first.steps.map((text, i) => ({ n: i + 1, kind: 'finding' as const, message: null, from: topology.file, to: null, depth: 0, text, details: [] }));
  return { id: p.id, verdict: 'violated', reason: first.reason, pointer: first.pointer, counterexample: { steps, loopsFrom: null, path: null } };
}

/** The part of the file a dynamic violation involves: the host whose behaviour closes it. */
function locate(p: MailProperty, last: SystemState, system: MailSystem): string {
  const e = p.kind === 'safety' ? last.effects.find((x) => p.violation(x, system) !== null) : undefined;
  if (e === undefined) {
    const stuck = last.messages.findIndex((m, i) => system.isRecipientValid(i) && m.snap.value !== 'delivered');
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
