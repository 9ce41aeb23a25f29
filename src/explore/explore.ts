/**
 * Explore: surround a provider's fixed hosts with random third-party hosts, domains, MX records and
 * messages (fast-check), check each topology exhaustively, and for every property some topology
 * breaks, let fast-check shrink it, then take out whatever the violation still does not need
 * (minimize.ts), so the finding is 1-minimal. Pure: returns findings, prints nothing. Same rules,
 * seed and options give the same findings.
 */
import fc from 'fast-check';
import { DEFAULT_MAX_STATES } from '../api/budget.js';
import { topologyArbitrary, type TopologyConstraints } from '../../models/arbitraries/topology.js';
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import { BUILT_IN } from '../../properties/index.js';
import type { PropertyRegistry } from '../../properties/registry.js';
import type { CheckResult, PropertyResult } from '../../properties/result.js';
import { minimize } from './minimize.js';
import { involves } from './relevance.js';

export interface ExploreOptions {
  /** Random topologies tried per property before giving up on finding a violation (default 1000). */
  runs?: number;
  /** fast-check seed (default 42): the same seed explores the same topologies. */
  seed?: number;
  /** Properties to look for (default all the registry's). */
  properties?: readonly AnyPropertyId[];
  /** The properties known: the built-in ones (default), and a config's. */
  registry?: PropertyRegistry;
  /** Replay one finding exactly: the fast-check path printed with it (needs the same seed and property). */
  replayPath?: string;
  /** Sizes and knobs of the generated surroundings. */
  constraints?: Omit<TopologyConstraints, 'fixedHosts' | 'fixedDns'>;
  /** State budget of each exhaustive check; a check cut short counts as no violation (default 20 000: the smallest failing set-ups are small). */
  maxStatesPerCheck?: number;
  /** State budget of the final check of each minimal topology (default DEFAULT_MAX_STATES, as `check`). */
  maxStatesFinal?: number;
  onProgress?: (p: { property: AnyPropertyId; checked: number; shrinking: boolean }) => void;
}

export interface Finding {
  property: AnyPropertyId;
  /** The smallest topology found that still violates the property: no single removal keeps the violation. */
  topology: Topology;
  /** Its verdict on every property, with the counterexample of this one. */
  result: CheckResult;
  violation: PropertyResult;
  seed: number;
  /** fast-check's path to this topology: `--seed SEED --replay PATH --property ID` reproduces it. */
  path: string;
  /** Which random topology of the search broke the property first: the search drew this many. */
  runs: number;
  /** Steps fast-check's shrinking took. */
  shrinks: number;
  /** What minimizing took out after the shrinking, in order (`host relay1.test`, `fault of mta2.test`). */
  removed: string[];
  /** Single removals of the finding, each checked: none of them keeps the violation. */
  singleRemovals: number;
}

export interface ExploreResult {
  seed: number;
  findings: Finding[];
  /** Properties no generated topology broke within the runs. */
  clean: AnyPropertyId[];
  /** Distinct topologies checked exhaustively: `searched` + `whileShrinking`. */
  checked: number;
  /**
   * Random topologies the searches drew, summed over properties (at most `runs` each). Every
   * property's search draws the same sequence from the seed, so most draws repeat an earlier one.
   */
  drawn: number;
  /** Distinct topologies among those drawn. */
  searched: number;
  /** Distinct topologies checked only while shrinking and minimizing findings. */
  whileShrinking: number;
  durationMs: number;
}

export function explore(rules: Topology, options: ExploreOptions = {}): ExploreResult {
  const started = performance.now();
  const seed = options.seed ?? 42;
  const runs = options.runs ?? 1000;
  const fixed = new Set(rules.hosts.map((h) => h.name));
  const fixedParts = { hosts: fixed, dns: new Set(Object.keys(rules.dns)) };
  const registry = options.registry ?? BUILT_IN;
  const arbitrary = topologyArbitrary({ ...options.constraints, fixedHosts: rules.hosts, fixedDns: rules.dns });
  // One exhaustive check per distinct topology, shared by every property's search and shrink.
  const cache = new Map<string, CheckResult>();
  let searched = 0;
  let shrinking = false;
  const check = (t: Topology): CheckResult => {
    const key = JSON.stringify(t);
    let result = cache.get(key);
    if (result === undefined) {
      result = checkTopology(t, { maxStates: options.maxStatesPerCheck ?? 20_000, focus: false, registry });
      cache.set(key, result);
      if (!shrinking) searched++;
    }
    return result;
  };
  // Minimality is claimed for what was checked to the end: a removal the small budget cannot
  // decide is checked again with the final one before it counts as ending the violation.
  const decided = new Map<string, CheckResult>();
  const checkToTheEnd = (t: Topology, id: AnyPropertyId): PropertyResult => {
    const quick = check(t).properties.find((p) => p.id === id)!;
    if (quick.verdict !== 'inconclusive') return quick;
    const key = JSON.stringify(t);
    let result = decided.get(key);
    if (result === undefined) {
      result = checkTopology(t, { maxStates: options.maxStatesFinal ?? DEFAULT_MAX_STATES, focus: false, registry });
      decided.set(key, result);
    }
    return result.properties.find((p) => p.id === id)!;
  };

  const findings: Finding[] = [];
  const clean: AnyPropertyId[] = [];
  let drawn = 0;
  for (const id of options.properties ?? registry.ids) {
    shrinking = false;
    const breaks = (t: Topology): boolean => {
      options.onProgress?.({ property: id, checked: cache.size, shrinking });
      return involves(check(t).properties.find((p) => p.id === id)!, fixed);
    };
    const details = fc.check(
      fc.property(arbitrary, (t) => {
        const broken = breaks(t);
        // fast-check calls the predicate again for each shrink candidate once one failed.
        if (broken) shrinking = true;
        return !broken;
      }),
      { seed, numRuns: runs, ...(options.replayPath === undefined ? {} : { path: options.replayPath }) },
    );
    drawn += details.numRuns;
    if (!details.failed || details.counterexample === null) {
      clean.push(id);
      continue;
    }
    shrinking = true;
    const minimal = minimize(details.counterexample[0], fixedParts, (t) => {
      options.onProgress?.({ property: id, checked: cache.size, shrinking: true });
      return involves(checkToTheEnd(t, id), fixed);
    });
    const topology = { ...minimal.topology, file: '(generated)', positions: {} };
    // The finding is re-checked without the search's small budget: its verdicts go into the file's
    // `expect` block, and `mxproof check` must agree with them.
    const result = checkTopology(topology, { maxStates: options.maxStatesFinal ?? DEFAULT_MAX_STATES, registry });
    findings.push({
      property: id,
      topology,
      result,
      violation: result.properties.find((p) => p.id === id)!,
      seed,
      path: details.counterexamplePath ?? '',
      runs: details.numRuns,
      shrinks: details.numShrinks,
      removed: minimal.removed,
      singleRemovals: minimal.finalRemovals,
    });
  }
  return {
    seed,
    findings,
    clean,
    checked: cache.size,
    drawn,
    searched,
    whileShrinking: cache.size - searched,
    durationMs: performance.now() - started,
  };
}
