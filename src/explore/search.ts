/**
 * The two phases of explore, as pieces a single thread (explore.ts) and a pool of worker threads
 * (parallel.ts) both run, so the findings cannot depend on how many threads ran them.
 *
 * Why this split: every property's fast-check search draws the same sequence of topologies from the
 * seed (the predicate's answers do not steer generation until a run fails), so the search phase is
 * "check draws 1, 2, … in order; each property stops at the first draw that breaks it". Those checks
 * are independent and are almost all of explore's work (at the default 1 000 runs, ≈ 97 % of the
 * topologies checked). Distributing properties instead would make every thread check the same draws.
 * The second phase shrinks and minimises each broken property from its first failing draw; each is
 * deterministic and independent of the others.
 */
import fc from 'fast-check';
import { DEFAULT_MAX_STATES } from '../api/budget.js';
import { topologyArbitrary } from '../../models/arbitraries/topology.js';
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import { sharedMemory } from '../../models/system/memoryScope.js';
import { BUILT_IN } from '../../properties/index.js';
import type { PropertyRegistry } from '../../properties/registry.js';
import type { CheckResult, PropertyResult } from '../../properties/result.js';
import type { ExploreOptions, Finding } from './types.js';
import { minimize } from './minimize.js';
import type { Fixed } from './removals.js';
import { involves } from './relevance.js';

/** What both phases need, built the same way from the same rules and options in every thread. */
export interface Setup {
  seed: number;
  runs: number;
  ids: readonly AnyPropertyId[];
  registry: PropertyRegistry;
  fixed: ReadonlySet<string>;
  fixedParts: Fixed;
  arbitrary: fc.Arbitrary<Topology>;
  maxStatesPerCheck: number;
  maxStatesFinal: number;
}

export function setup(rules: Topology, options: ExploreOptions): Setup {
  const fixed = new Set(rules.hosts.map((h) => h.name));
  const registry = options.registry ?? BUILT_IN;
  return {
    seed: options.seed ?? 42,
    runs: options.runs ?? 1000,
    ids: options.properties ?? registry.ids,
    registry,
    fixed,
    fixedParts: { hosts: fixed, dns: new Set(Object.keys(rules.dns)) },
    arbitrary: withRoles(topologyArbitrary({ ...options.constraints, fixedHosts: rules.hosts, fixedDns: rules.dns }), rules.roles),
    maxStatesPerCheck: options.maxStatesPerCheck ?? 20_000,
    maxStatesFinal: options.maxStatesFinal ?? DEFAULT_MAX_STATES,
  };
}

/**
 * The rules' config roles go with every topology drawn around them (a map, which draws never
 * change). When a role keeps a memory, draws whose messages would share it are left out, as the
 * loader refuses such files (models/system/memoryScope.ts): they are never checked, counted or
 * shrunk to. Rules without such a role draw exactly what they drew before.
 */
function withRoles(arbitrary: fc.Arbitrary<Topology>, roles: Topology['roles']): fc.Arbitrary<Topology> {
  if (roles === undefined) return arbitrary;
  const mapped = arbitrary.map((t) => ({ ...t, roles }));
  return [...roles.values()].some((r) => r.memory !== undefined) ? mapped.filter((t) => sharedMemory(t) === null) : mapped;
}

/** The search's draws, in fast-check's order (the same values `fc.check` hands its predicate). */
export function draws(s: Setup): Topology[] {
  return fc.sample(s.arbitrary, { seed: s.seed, numRuns: s.runs });
}

export const keyOf = (t: Topology): string => JSON.stringify(t);

/** The properties a draw breaks in a way the rules take part in (relevance.ts), in `s.ids` order. */
export function brokenBy(s: Setup, t: Topology): AnyPropertyId[] {
  const result = checkTopology(t, { maxStates: s.maxStatesPerCheck, focus: false, registry: s.registry });
  return s.ids.filter((id) => involves(result.properties.find((p) => p.id === id)!, s.fixed));
}

/**
 * The search phase's bookkeeping: distinct draws, what each breaks once checked, and for each
 * property the first draw that breaks it. Draws are checked in any order and any thread; `done`
 * says when nothing more is needed: every property is broken at a draw below which all are known.
 */
export class Search {
  /** For each draw, the index of the first draw equal to it (its check is that one's). */
  private readonly firstOf: number[] = [];
  /** Distinct draws' indices, in draw order: the ones to check. */
  readonly distinct: number[] = [];
  private readonly broken = new Map<number, readonly AnyPropertyId[]>();

  constructor(
    private readonly s: Setup,
    readonly drawn: readonly Topology[],
  ) {
    const seen = new Map<string, number>();
    drawn.forEach((t, i) => {
      const key = keyOf(t);
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
        this.distinct.push(i);
      }
      this.firstOf.push(first ?? i);
    });
  }

  record(index: number, broken: readonly AnyPropertyId[]): void {
    this.broken.set(index, broken);
  }

  /**
   * For each property, the 1-based run that first breaks it, or null (clean or not yet known).
   * Only a known prefix of the draws counts: a later draw cannot be the first while an earlier one
   * is unchecked.
   */
  firstFailing(): Map<AnyPropertyId, number | null> {
    const first = new Map<AnyPropertyId, number | null>(this.s.ids.map((id) => [id, null]));
    let open = this.s.ids.length;
    for (let i = 0; i < this.drawn.length && open > 0; i++) {
      const broken = this.broken.get(this.firstOf[i]!);
      if (broken === undefined) break;
      for (const id of broken) {
        if (first.get(id) === null) {
          first.set(id, i + 1);
          open--;
        }
      }
    }
    return first;
  }

  /** How many draws the searches need: up to the last property's first failure, else all of them. */
  needed(): number | null {
    const first = [...this.firstFailing().values()];
    if (first.every((n) => n !== null)) return Math.max(0, ...(first as number[]));
    return this.knownPrefix() === this.drawn.length ? this.drawn.length : null;
  }

  private knownPrefix(): number {
    let i = 0;
    while (i < this.drawn.length && this.broken.has(this.firstOf[i]!)) i++;
    return i;
  }

  /** Distinct topologies among the first `n` draws: the search's checks. */
  keysUpTo(n: number): Set<string> {
    return new Set(this.drawn.slice(0, n).map(keyOf));
  }
}

/** One shrunk and minimised finding, and the keys of the topologies checked to get it. */
export interface Shrunk {
  finding: Finding;
  /** Keys of the distinct topologies checked at the search's budget while shrinking and minimising. */
  checked: string[];
}

/** A check of `t` at `maxStates`, each distinct topology checked once (fast-check's shrinking meets them again). */
function memoCheck(s: Setup, maxStates: number, cache: Map<string, CheckResult>): (t: Topology) => CheckResult {
  return (t) => {
    const key = keyOf(t);
    let result = cache.get(key);
    if (result === undefined) {
      result = checkTopology(t, { maxStates, focus: false, registry: s.registry });
      cache.set(key, result);
    }
    return result;
  };
}

/**
 * Shrinks property `id` from its first failing draw (run `first`, 1-based), then minimises it. The
 * runs before `first` are known to pass: they are answered without a check, so fast-check reaches
 * the same failure, with the same path, that a search checking them all reaches.
 */
export function shrink(s: Setup, id: AnyPropertyId, first: number, expected?: Topology): Shrunk {
  const cache = new Map<string, CheckResult>();
  const check = memoCheck(s, s.maxStatesPerCheck, cache);
  // Minimality is claimed for what was checked to the end: a removal the small budget cannot
  // decide is checked again with the final one before it counts as ending the violation.
  const checkFinal = memoCheck(s, s.maxStatesFinal, new Map());
  const checkToTheEnd = (t: Topology): PropertyResult => {
    const quick = check(t).properties.find((p) => p.id === id)!;
    return quick.verdict !== 'inconclusive' ? quick : checkFinal(t).properties.find((p) => p.id === id)!;
  };
  const breaks = (t: Topology): boolean => involves(check(t).properties.find((p) => p.id === id)!, s.fixed);

  let call = 0;
  const details = fc.check(
    fc.property(s.arbitrary, (t) => {
      call++;
      if (call < first) return true;
      if (call === first && expected !== undefined && keyOf(t) !== keyOf(expected)) {
        throw new Error(`explore: fast-check's run ${first} is not the search's draw ${first}`);
      }
      return !breaks(t);
    }),
    { seed: s.seed, numRuns: s.runs },
  );
  if (!details.failed || details.counterexample === null) {
    throw new Error(`explore: run ${first} broke ${id} in the search but not when shrinking`);
  }
  return finish(s, id, details, checkToTheEnd, cache);
}

/** `--replay PATH`: one property's search and shrinking exactly as fast-check replays the path. */
export function replay(s: Setup, id: AnyPropertyId, path: string): Shrunk | null {
  const cache = new Map<string, CheckResult>();
  const check = memoCheck(s, s.maxStatesPerCheck, cache);
  const details = fc.check(
    fc.property(s.arbitrary, (t) => !involves(check(t).properties.find((p) => p.id === id)!, s.fixed)),
    { seed: s.seed, numRuns: s.runs, path },
  );
  if (!details.failed || details.counterexample === null) return null;
  const checkToTheEnd = (t: Topology): PropertyResult => {
    const quick = check(t).properties.find((p) => p.id === id)!;
    if (quick.verdict !== 'inconclusive') return quick;
    return checkTopology(t, { maxStates: s.maxStatesFinal, focus: false, registry: s.registry }).properties.find((p) => p.id === id)!;
  };
  return finish(s, id, details, checkToTheEnd, cache);
}

function finish(
  s: Setup,
  id: AnyPropertyId,
  details: fc.RunDetails<[Topology]>,
  checkToTheEnd: (t: Topology) => PropertyResult,
  cache: ReadonlyMap<string, CheckResult>,
): Shrunk {
  // A removal can re-route a message past a host that remembers (memoryScope.ts): such a file is
  // refused, not checked, so it keeps no violation.
  const minimal = minimize(details.counterexample![0], s.fixedParts, (t) => sharedMemory(t) === null && involves(checkToTheEnd(t), s.fixed));
  const topology = { ...minimal.topology, file: '(generated)', positions: {} };
  // The finding is re-checked without the search's small budget: its verdicts go into the file's
  // `expect` block, and `mxproof check` must agree with them.
  const result = checkTopology(topology, { maxStates: s.maxStatesFinal, registry: s.registry });
  return {
    finding: {
      property: id,
      topology,
      result,
      violation: result.properties.find((p) => p.id === id)!,
      seed: s.seed,
      path: details.counterexamplePath ?? '',
      runs: details.numRuns,
      shrinks: details.numShrinks,
      removed: minimal.removed,
      singleRemovals: minimal.finalRemovals,
    },
    checked: [...cache.keys()],
  };
}
