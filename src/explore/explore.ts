/**
 * Explore: surround a provider's fixed hosts with random third-party hosts, domains, MX records and
 * messages (fast-check), check each topology exhaustively, and for every property some topology
 * breaks, let fast-check shrink it to the smallest topology that still breaks it. Pure: returns
 * findings, prints nothing. Same rules, seed and options give the same findings.
 */
import fc from 'fast-check';
import { DEFAULT_MAX_STATES } from '../api/budget.js';
import { topologyArbitrary, type TopologyConstraints } from '../../models/arbitraries/topology.js';
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import { BUILT_IN } from '../../properties/index.js';
import type { PropertyRegistry } from '../../properties/registry.js';
import type { CheckResult, PropertyResult } from '../../properties/result.js';
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
  /** The smallest topology found that still violates the property. */
  topology: Topology;
  /** Its verdict on every property, with the counterexample of this one. */
  result: CheckResult;
  violation: PropertyResult;
  seed: number;
  /** fast-check's path to this topology: `--seed SEED --replay PATH --property ID` reproduces it. */
  path: string;
  /** Random topologies tried before the first violation, and shrink steps after it. */
  runs: number;
  shrinks: number;
}

export interface ExploreResult {
  seed: number;
  findings: Finding[];
  /** Properties no generated topology broke within the runs. */
  clean: AnyPropertyId[];
  /** Distinct topologies checked exhaustively. */
  checked: number;
  durationMs: number;
}

export function explore(rules: Topology, options: ExploreOptions = {}): ExploreResult {
  const started = performance.now();
  const seed = options.seed ?? 42;
  const runs = options.runs ?? 1000;
  const fixed = new Set(rules.hosts.map((h) => h.name));
  const registry = options.registry ?? BUILT_IN;
  const arbitrary = topologyArbitrary({ ...options.constraints, fixedHosts: rules.hosts, fixedDns: rules.dns });
  // One exhaustive check per distinct topology, shared by every property's search and shrink.
  const cache = new Map<string, CheckResult>();
  const check = (t: Topology): CheckResult => {
    const key = JSON.stringify(t);
    let result = cache.get(key);
    if (result === undefined) {
      result = checkTopology(t, { maxStates: options.maxStatesPerCheck ?? 20_000, registry });
      cache.set(key, result);
    }
    return result;
  };

  const findings: Finding[] = [];
  const clean: AnyPropertyId[] = [];
  for (const id of options.properties ?? registry.ids) {
    let tried = 0;
    let shrinking = false;
    const breaks = (t: Topology): boolean => {
      tried++;
      options.onProgress?.({ property: id, checked: cache.size, shrinking });
      const violation = check(t).properties.find((p) => p.id === id)!;
      const broken = involves(violation, fixed);
      if (broken) shrinking = true;
      return broken;
    };
    const details = fc.check(
      fc.property(arbitrary, (t) => !breaks(t)),
      { seed, numRuns: runs, ...(options.replayPath === undefined ? {} : { path: options.replayPath }) },
    );
    if (!details.failed || details.counterexample === null) {
      clean.push(id);
      continue;
    }
    const [topology] = details.counterexample;
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
    });
  }
  return { seed, findings, clean, checked: cache.size, durationMs: performance.now() - started };
}
