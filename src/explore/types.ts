/**
 * What an explore run is asked and what it finds: the options, each finding, and the run's
 * result. Apart from explore.ts so that the search (search.ts), which explore.ts drives, can name
 * them without importing its caller.
 */
import type { TopologyConstraints } from '../../models/arbitraries/topology.js';
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import type { PropertyRegistry } from '../../properties/registry.js';
import type { CheckResult, PropertyResult } from '../../properties/result.js';

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
