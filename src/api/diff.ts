/**
 * Before and after a change to a topology: every property's verdict in both, and what changed. A
 * property that held (or did not apply) and is now violated is `broken`; one violated before and
 * not now is `fixed`; any change involving `inconclusive` is `undecided` (a budget hid whether it
 * broke). The `expect` blocks of the two files play no part: a diff compares what the model found.
 */
import type { LoadError } from '../../models/topology/errors.js';
import type { AnyPropertyId, PropertyId, Topology, Verdict } from '../../models/topology/types.js';
import type { CheckResult, Problem, PropertyResult } from '../../properties/result.js';
import { checkLoaded, type CheckOptions } from './check.js';
import { extensionsOf, loadOptions, toTopology } from './load.js';

export type Change = 'broken' | 'fixed' | 'unchanged' | 'changed' | 'undecided';

export interface PropertyChange {
  id: AnyPropertyId;
  change: Change;
  before: PropertyResult;
  after: PropertyResult;
  /**
   * A static property's problems found after the change and not before, and those gone: a file
   * still violating `dns-well-formed` can have gained one bad record and lost another. A problem is
   * the same on both sides when its reason is (pointers move when records are added above it).
   * Empty for explored properties, which report one counterexample each.
   */
  newProblems: Problem[];
  fixedProblems: Problem[];
}

/** `failed` when something broke, else `inconclusive` when something is undecided, else `passed`. */
export type DiffStatus = 'passed' | 'failed' | 'inconclusive';

export interface TopologyDiff {
  before: string;
  after: string;
  status: DiffStatus;
  properties: PropertyChange[];
  broken: AnyPropertyId[];
  fixed: AnyPropertyId[];
}

const fine = (v: Verdict) => v === 'holds' || v === 'not-applicable';

export function changeOf(before: Verdict, after: Verdict): Change {
  if (before === 'inconclusive' || after === 'inconclusive') return 'undecided';
  if (before === after) return 'unchanged';
  if (after === 'violated') return 'broken';
  if (before === 'violated' && fine(after)) return 'fixed';
  return 'changed';
}

function problemChanges(before: PropertyResult, after: PropertyResult): Pick<PropertyChange, 'newProblems' | 'fixedProblems'> {
  const was = before.problems ?? [];
  const is = after.problems ?? [];
  const had = new Set(was.map((p) => p.reason));
  const has = new Set(is.map((p) => p.reason));
  return { newProblems: is.filter((p) => !had.has(p.reason)), fixedProblems: was.filter((p) => !has.has(p.reason)) };
}

/** Compares two checks property by property; a property checked on one side only is left out. */
export function compareResults(before: CheckResult, after: CheckResult): TopologyDiff {
  const properties: PropertyChange[] = [];
  for (const b of before.properties) {
    const a = after.properties.find((p) => p.id === b.id);
    if (a !== undefined) properties.push({ id: b.id, change: changeOf(b.verdict, a.verdict), before: b, after: a, ...problemChanges(b, a) });
  }
  const of = (change: Change) => properties.filter((p) => p.change === change).map((p) => p.id);
  const broken = of('broken');
  const status: DiffStatus = broken.length > 0 ? 'failed' : of('undecided').length > 0 ? 'inconclusive' : 'passed';
  return { before: before.file, after: after.file, status, properties, broken, fixed: of('fixed') };
}

export interface DiffOptions extends Omit<CheckOptions, 'file'> {
  /** Names for topologies given as text (default `(before)` and `(after)`). */
  beforeFile?: string;
  afterFile?: string;
}

export type DiffOutcome =
  | { ok: true; diff: TopologyDiff; before: CheckResult; after: CheckResult }
  | { ok: false; errors: LoadError[] };

/** Checks both topologies (text or objects) and compares them; the errors of both sides come together. */
export function diff(before: string | Topology, after: string | Topology, options: DiffOptions = {}): DiffOutcome {
  const { beforeFile, afterFile, ...check } = options;
  const config = extensionsOf(check.config);
  if (!config.ok) return { ok: false, errors: config.errors };
  const b = toTopology(before, beforeFile ?? (typeof before === 'string' ? '(before)' : undefined), loadOptions(config.extensions));
  const a = toTopology(after, afterFile ?? (typeof after === 'string' ? '(after)' : undefined), loadOptions(config.extensions));
  if (!b.ok || !a.ok) return { ok: false, errors: [...(b.ok ? [] : b.errors), ...(a.ok ? [] : a.errors)] };
  const checkedBefore = checkLoaded(b.topology, check, typeof before === 'string');
  const checkedAfter = checkLoaded(a.topology, check, typeof after === 'string');
  if (!checkedBefore.ok || !checkedAfter.ok) {
    return { ok: false, errors: [...(checkedBefore.ok ? [] : checkedBefore.errors), ...(checkedAfter.ok ? [] : checkedAfter.errors)] };
  }
  return { ok: true, diff: compareResults(checkedBefore.result, checkedAfter.result), before: checkedBefore.result, after: checkedAfter.result };
}
