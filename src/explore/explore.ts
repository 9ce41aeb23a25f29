/**
 * Explore: surround a provider's fixed hosts with random third-party hosts, domains, MX records and
 * messages (fast-check), check each topology exhaustively, and for every property some topology
 * breaks, let fast-check shrink it, then take out whatever the violation still does not need
 * (minimize.ts), so the finding is 1-minimal. Pure: returns findings, prints nothing. Same rules,
 * seed and options give the same findings.
 */
import type { TopologyConstraints } from '../../models/arbitraries/topology.js';
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import type { PropertyRegistry } from '../../properties/registry.js';
import type { CheckResult, PropertyResult } from '../../properties/result.js';
import { brokenBy, draws, replay, Search, setup, shrink, type Setup, type Shrunk } from './search.js';

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
  const s = setup(rules, options);
  if (options.replayPath !== undefined) return replayAll(s, options.replayPath, started);
  const search = new Search(s, draws(s));
  // In draw order, stopping once every property is broken: what a property's own search would check.
  let checked = 0;
  for (const i of search.distinct) {
    if (search.needed() !== null) break;
    search.record(i, brokenBy(s, search.drawn[i]!));
    options.onProgress?.({ property: s.ids[0]!, checked: ++checked, shrinking: false });
  }
  const shrunk = new Map<AnyPropertyId, Shrunk>();
  for (const [id, first] of search.firstFailing()) {
    if (first === null) continue;
    options.onProgress?.({ property: id, checked: search.distinct.length, shrinking: true });
    shrunk.set(id, shrink(s, id, first, search.drawn[first - 1]));
  }
  return merge(s, search, shrunk, started);
}

/** The result of a search and its shrinks, in property order, whichever threads ran them. */
export function merge(s: Setup, search: Search, shrunk: ReadonlyMap<AnyPropertyId, Shrunk>, started: number): ExploreResult {
  const first = search.firstFailing();
  const needed = search.needed() ?? search.drawn.length;
  const searchedKeys = search.keysUpTo(needed);
  const whileShrinking = new Set<string>();
  for (const { checked } of shrunk.values()) for (const key of checked) if (!searchedKeys.has(key)) whileShrinking.add(key);
  const findings = s.ids.flatMap((id) => {
    const f = shrunk.get(id);
    return f === undefined ? [] : [f.finding];
  });
  return {
    seed: s.seed,
    findings,
    clean: s.ids.filter((id) => first.get(id) === null),
    checked: searchedKeys.size + whileShrinking.size,
    drawn: s.ids.reduce((sum, id) => sum + (first.get(id) ?? s.runs), 0),
    searched: searchedKeys.size,
    whileShrinking: whileShrinking.size,
    durationMs: performance.now() - started,
  };
}

function replayAll(s: Setup, path: string, started: number): ExploreResult {
  const findings: Finding[] = [];
  const clean: AnyPropertyId[] = [];
  const keys = new Set<string>();
  let drawn = 0;
  for (const id of s.ids) {
    const r = replay(s, id, path);
    if (r === null) {
      clean.push(id);
      continue;
    }
    findings.push(r.finding);
    drawn += r.finding.runs;
    for (const key of r.checked) keys.add(key);
  }
  // A replay jumps to the path's draw: the one draw searched, the rest shrinking.
  const searched = findings.length > 0 ? 1 : 0;
  return { seed: s.seed, findings, clean, checked: keys.size, drawn, searched, whileShrinking: keys.size - searched, durationMs: performance.now() - started };
}
