/**
 * `explore` for programs: a rules file's hosts surrounded by random topologies, each violation
 * shrunk to a minimal one. Returns `{ ok: true, result }` with the findings (a finding is data, not
 * an error), or `{ ok: false, errors }` when the rules do not load.
 */
import type { LoadError } from '../../models/topology/errors.js';
import type { Topology } from '../../models/topology/types.js';
import type { MxproofConfig } from '../config/define.js';
import { ExtensionError } from '../config/errors.js';
import { explore as exploreRules, type ExploreOptions as EngineOptions, type ExploreResult } from '../explore/explore.js';
import { optionErrors } from './check.js';
import { callError, extensionsOf, loadOptions, toTopology, UNNAMED } from './load.js';

export type { ExploreResult, Finding } from '../explore/explore.js';

export interface ExploreOptions extends Omit<EngineOptions, 'registry'> {
  /** Properties of your own to look for violations of too (as `check`'s `config`). */
  config?: MxproofConfig;
}

export type ExploreOutcome = { ok: true; file: string; result: ExploreResult } | { ok: false; file: string; errors: LoadError[] };

export function explore(rules: string | Topology, options: ExploreOptions & { file?: string } = {}): ExploreOutcome {
  const { file, config, ...rest } = options;
  const extensions = extensionsOf(config);
  if (!extensions.ok) return { ok: false, file: file ?? UNNAMED, errors: extensions.errors };
  const registry = extensions.extensions?.registry;
  const loaded = toTopology(rules, file, loadOptions(extensions.extensions));
  const name = file ?? (loaded.ok ? loaded.topology.file : UNNAMED);
  if (!loaded.ok) return { ok: false, file: name, errors: loaded.errors };
  const bad = optionErrors(name, { properties: rest.properties, maxStates: rest.maxStatesPerCheck }, undefined, registry);
  if (rest.runs !== undefined && !(Number.isInteger(rest.runs) && rest.runs > 0)) bad.push(callError(name, '(options)', `runs must be a positive integer, got ${rest.runs}`));
  if (bad.length > 0) return { ok: false, file: name, errors: bad };
  const run = () => ({ ok: true as const, file: name, result: exploreRules(loaded.topology, { ...rest, ...(registry === undefined ? {} : { registry }) }) });
  try {
    return run();
  } catch (err) {
    if (err instanceof ExtensionError) return { ok: false, file: name, errors: [err.error] };
    // Rules the loader read are trusted: a throw is a bug of mxproof. Hand-built objects may break the model.
    if (typeof rules === 'string') throw err;
    return { ok: false, file: name, errors: [callError(name, '(rules)', `cannot explore around these rules: ${err instanceof Error ? err.message : String(err)}`)] };
  }
}
