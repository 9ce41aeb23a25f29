/**
 * Failure sweeps (FORMAT.md 1.1): "what happens when one of my hosts is down for a day?" The file
 * is checked as written, then once for every set of at most K hosts a message can reach, with
 * those hosts given a fault on top of the file's own. Each set is a normal check (budgets,
 * reductions); the sweep keeps the sets that break a property the file as written does not
 * violate, and of those only the smallest: a set is reported for a property when no smaller set
 * inside it already breaks that property, so `--failures 2` names a pair only when neither host
 * alone does the damage.
 *
 * Static properties (`no-open-relay`, `dns-well-formed`) are facts of the file that no fault
 * changes; they are not re-checked.
 */
import { reachableTargets } from '../../models/system/independence.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import type { LoadError } from '../../models/topology/errors.js';
import type { AnyPropertyId, Fault, Topology } from '../../models/topology/types.js';
import { propertiesOf } from '../../properties/check.js';
import type { PropertyRegistry } from '../../properties/registry.js';
import type { CheckResult, PropertyResult } from '../../properties/result.js';
import { checkLoaded, type CheckOptions, type CheckStatus } from './check.js';
import { callError } from './load.js';
import { selectMessage } from './message.js';

/** More sets than this is a sweep nobody waits for; the caller is told to lower K. */
export const MAX_FAILURE_SETS = 10_000;

export interface FailureOptions extends Omit<CheckOptions, 'file'> {
  /** K: the largest set of hosts that fail together (at least 1). */
  failures: number;
  /** The fault each host of a set is given (default `transient`: an outage that ends). */
  kind?: Fault;
  /** Called before each set is checked: its number (from 1), how many there are, its hosts. */
  onSet?: (index: number, total: number, hosts: readonly string[]) => void;
}

/** One set of hosts that breaks something: the properties it breaks, each with its counterexample. */
export interface FailureFinding {
  hosts: string[];
  kind: Fault;
  properties: PropertyResult[];
}

export interface FailureSweep {
  kind: Fault;
  failures: number;
  /** The hosts some message can reach, in file order, that the sweep may fail. */
  candidates: string[];
  /** Sets checked (a set whose every property was already broken by a smaller set is not). */
  checked: number;
  /** Sets in the sweep, checked or not. */
  sets: number;
  findings: FailureFinding[];
  /** Sets a budget stopped before some property was decided: the sweep is not complete there. */
  undecided: { hosts: string[]; properties: AnyPropertyId[] }[];
}

export type FailureOutcome =
  | { ok: true; file: string; status: CheckStatus; result: CheckResult; topology: Topology; registry: PropertyRegistry; sweep: FailureSweep }
  | { ok: false; file: string; errors: LoadError[] };

/** The hosts some message of the file can open a connection to, in file order. */
export function reachableHosts(topology: Topology): string[] {
  const system = new MailSystem(topology);
  const reached = new Set<number>();
  system.initialStates()[0]!.messages.forEach((m, i) => {
    for (const h of reachableTargets(system, i, m.holder)) reached.add(h);
  });
  return topology.hosts.map((h) => h.name).filter((_, i) => reached.has(i));
}

/** C(n, 1) + … + C(n, k), stopping once past `cap`. */
export function setCount(n: number, k: number, cap = Number.MAX_SAFE_INTEGER): number {
  let total = 0;
  let c = 1;
  for (let size = 1; size <= Math.min(k, n); size++) {
    c = (c * (n - size + 1)) / size;
    total += c;
    if (total > cap) return total;
  }
  return total;
}

/** Every set of at most `k` of `items`, smallest first, then in the items' order. */
function* subsets<T>(items: readonly T[], k: number): Generator<T[]> {
  for (let size = 1; size <= Math.min(k, items.length); size++) {
    const pick = Array.from({ length: size }, (_, i) => i);
    for (;;) {
      yield pick.map((i) => items[i]!);
      let i = size - 1;
      while (i >= 0 && pick[i] === items.length - size + i) i--;
      if (i < 0) break;
      pick[i]!++;
      for (let j = i + 1; j < size; j++) pick[j] = pick[j - 1]! + 1;
    }
  }
}

/** `topology` with each of `hosts` given `kind`, on top of its own faults (a `down` host stays down). */
export function withFaults(topology: Topology, hosts: readonly string[], kind: Fault): Topology {
  const faults = { ...topology.network.faults };
  for (const h of hosts) if (faults[h] !== 'down') faults[h] = kind;
  return { ...topology, network: { ...topology.network, faults } };
}

export function sweepFailures(topology: Topology, options: FailureOptions): FailureOutcome {
  const { failures, kind = 'transient', onSet, ...check } = options;
  const file = topology.file;
  if (!Number.isInteger(failures) || failures < 1) {
    return { ok: false, file, errors: [callError(file, '(options)', `failures must be a positive integer, got ${String(failures)}`)] };
  }
  const baseline = checkLoaded(topology, check);
  if (!baseline.ok) return baseline;
  // A host that already has this fault (or a worse one) gains nothing from being failed again.
  const worse = (h: string) => topology.network.faults[h] === 'down' || topology.network.faults[h] === kind;
  // With --message, only the hosts that message can reach (the baseline check has vetted the choice).
  const chosen = check.message === undefined ? null : selectMessage(topology, check.message);
  const candidates = reachableHosts(chosen?.ok === true ? chosen.topology : topology).filter((h) => !worse(h));
  const sets = setCount(candidates.length, failures, MAX_FAILURE_SETS);
  if (sets > MAX_FAILURE_SETS) {
    const message = `--failures ${failures} over the ${candidates.length} hosts a message can reach is more than ${MAX_FAILURE_SETS} sets to check; lower it (or check fewer messages)`;
    return { ok: false, file, errors: [callError(file, '(options)', message)] };
  }
  // Only what faults can change, and only what the file as written does not already violate.
  const dynamic = new Set(propertiesOf(topology, baseline.registry).filter((p) => p.kind !== 'static').map((p) => p.id));
  const open = baseline.result.properties.filter((p) => dynamic.has(p.id) && p.verdict !== 'violated').map((p) => p.id);
  const brokenBy = new Map<AnyPropertyId, string[][]>(open.map((id) => [id, []]));
  const findings: FailureFinding[] = [];
  const undecided: FailureSweep['undecided'] = [];
  let index = 0;
  let checked = 0;
  for (const hosts of subsets(candidates, failures)) {
    onSet?.(++index, sets, hosts);
    // A property a smaller set inside this one already breaks has its smallest sets already.
    const ask = open.filter((id) => !brokenBy.get(id)!.some((s) => s.every((h) => hosts.includes(h))));
    if (ask.length === 0) continue;
    checked++;
    const run = checkLoaded(withFaults(topology, hosts, kind), { ...check, properties: ask });
    if (!run.ok) return run;
    const broken = run.result.properties.filter((p) => p.verdict === 'violated').map(({ expected: _e, ...p }) => p);
    for (const p of broken) brokenBy.get(p.id)!.push(hosts);
    if (broken.length > 0) findings.push({ hosts, kind, properties: broken });
    const open2 = run.result.properties.filter((p) => p.verdict === 'inconclusive').map((p) => p.id);
    if (open2.length > 0) undecided.push({ hosts, properties: open2 });
  }
  const status: CheckStatus = findings.length > 0 ? 'failed' : baseline.status === 'passed' && undecided.length > 0 ? 'inconclusive' : baseline.status;
  return {
    ok: true,
    file,
    status: baseline.status === 'failed' ? 'failed' : status,
    result: baseline.result,
    topology,
    registry: baseline.registry,
    sweep: { kind, failures, candidates, checked, sets, findings, undecided },
  };
}
