/**
 * `explore` for programs: a rules file's hosts surrounded by random topologies, each violation
 * shrunk to a minimal one. Returns `{ ok: true, result }` with the findings (a finding is data, not
 * an error), or `{ ok: false, errors }` when the rules do not load.
 */
import type { LoadError } from '../../models/topology/errors.js';
import type { Topology } from '../../models/topology/types.js';
import { explore as exploreRules, type ExploreOptions, type ExploreResult } from '../explore/explore.js';
import { optionErrors } from './check.js';
import { callError, toTopology, UNNAMED } from './load.js';

export type { ExploreOptions, ExploreResult, Finding } from '../explore/explore.js';

export type ExploreOutcome = { ok: true; file: string; result: ExploreResult } | { ok: false; file: string; errors: LoadError[] };

export function explore(rules: string | Topology, options: ExploreOptions & { file?: string } = {}): ExploreOutcome {
  const { file, ...rest } = options;
  const loaded = toTopology(rules, file);
  const name = file ?? (loaded.ok ? loaded.topology.file : UNNAMED);
  if (!loaded.ok) return { ok: false, file: name, errors: loaded.errors };
  const bad = optionErrors(name, { properties: rest.properties, maxStates: rest.maxStatesPerCheck });
  if (rest.runs !== undefined && !(Number.isInteger(rest.runs) && rest.runs > 0)) bad.push(callError(name, '(options)', `runs must be a positive integer, got ${rest.runs}`));
  if (bad.length > 0) return { ok: false, file: name, errors: bad };
  // Rules the loader read are trusted: a throw is a bug of mxproof. Hand-built objects may break the model.
  if (typeof rules === 'string') return { ok: true, file: name, result: exploreRules(loaded.topology, rest) };
  try {
    return { ok: true, file: name, result: exploreRules(loaded.topology, rest) };
  } catch (err) {
    return { ok: false, file: name, errors: [callError(name, '(rules)', `cannot explore around these rules: ${err instanceof Error ? err.message : String(err)}`)] };
  }
}
