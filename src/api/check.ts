/**
 * `check` for programs: a topology (text or object) in, a discriminated union out. A violation is a
 * verdict in the result, not an exception; a file that does not load is `{ ok: false, errors }`.
 * Nothing is printed; progress goes to the callback the caller passes.
 */
import type { LoadError } from '../../models/topology/errors.js';
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import { BUILT_IN } from '../../properties/index.js';
import type { PropertyRegistry } from '../../properties/registry.js';
import { isFailure, isInconclusive, type CheckResult } from '../../properties/result.js';
import type { Progress } from '../checker/index.js';
import type { MxproofConfig } from '../config/define.js';
import { ExtensionError } from '../config/errors.js';
import { callError, extensionsOf, loadTopologyFile, toTopology, UNNAMED } from './load.js';

import { DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STATES, memoryGrowth } from './budget.js';
import { budgetHints } from './budgetHints.js';
import { selectMessage } from './message.js';

export { DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STATES };

export interface CheckOptions {
  /** Only these properties: built-in ids, the config's, or ids of path properties the file names (default: all). */
  properties?: readonly AnyPropertyId[];
  /**
   * Properties of your own, checked after the built-in ones: `defineConfig({ properties })`, or
   * what `loadConfig` read from an `mxproof.config` file. A topology given as text may name them in `expect`.
   */
  config?: MxproofConfig;
  /** State budget (default DEFAULT_MAX_STATES, 10 000 000); undecided verdicts become `inconclusive` past it. */
  maxStates?: number;
  /** Time budget in milliseconds, loading and set-up included; undecided verdicts become `inconclusive` past it. */
  timeoutMs?: number;
  /** Memory budget: MiB the check may grow resident memory by (default DEFAULT_MAX_MEMORY_MB, 1024). */
  maxMemoryMB?: number;
  /** When the time budget started (`performance.now()`); `checkFile` starts it before reading the file. */
  startedAt?: number;
  /** Called about every 250 ms of exploration with the states found so far. */
  onProgress?: (progress: Progress) => void;
  /** The name reports give a topology passed as text (default `(input)`), or that replaces a Topology's own. */
  file?: string;
  /**
   * Use the reductions (default true): messages that cannot interact checked apart, and, when only
   * safety properties are checked, symmetric hosts folded. Neither changes a verdict or the counts
   * in `stats`; false stores every state of the whole product, to cross-check them.
   */
  reductions?: boolean;
  /**
   * Check one message alone: its number in the file (from 1) or its recipient address. The file's
   * `expect` is left out (it speaks of every message); an unknown one is an error of the call.
   */
  message?: number | string;
}

/**
 * What a check means for CI, as `mxproof check` maps it to exit codes 0, 1 and 3: `failed` when a
 * property is violated (or any verdict differs from the file's `expect`), else `inconclusive` when
 * a budget left a verdict open, else `passed`.
 */
export type CheckStatus = 'passed' | 'failed' | 'inconclusive';

export type CheckOutcome =
  /** `registry`: the properties the check knew, a config's among them (SARIF describes its rules from it). */
  | { ok: true; file: string; status: CheckStatus; result: CheckResult; topology: Topology; registry: PropertyRegistry }
  | { ok: false; file: string; errors: LoadError[] };

export function checkStatus(result: CheckResult): CheckStatus {
  if (result.properties.some(isFailure)) return 'failed';
  if (result.properties.some(isInconclusive)) return 'inconclusive';
  return 'passed';
}

/**
 * The errors in the options, as load errors of the call (field `(options)`). A property id is known
 * when the registry has it (built in, or the config's) or, given the topology, it is one of its
 * path properties.
 */
export function optionErrors(file: string, options: CheckOptions, topology?: Topology, registry: PropertyRegistry = BUILT_IN): LoadError[] {
  const errors: LoadError[] = [];
  const known: string[] = [...registry.ids, ...(topology?.properties ?? []).map((p) => p.id)];
  for (const id of options.properties ?? []) {
    if (!known.includes(id)) {
      const own = topology === undefined ? '' : ' (a property of your own is declared under `properties` in the file, or in a config)';
      errors.push(callError(file, '(options)', `unknown property '${id}'; known: ${known.join(', ')}${own}`));
    }
  }
  const positive = (name: string, value: number | undefined) => {
    if (value !== undefined && !(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
      errors.push(callError(file, '(options)', `${name} must be a positive number, got ${String(value)}`));
    }
  };
  positive('maxStates', options.maxStates);
  positive('timeoutMs', options.timeoutMs);
  positive('maxMemoryMB', options.maxMemoryMB);
  return errors;
}

/**
 * Checks a topology. One the loader built is checked as it is: should the model throw on it, that is
 * a bug of mxproof and is thrown. A Topology object from elsewhere (`loaded: false`: built by hand)
 * may break the model's assumptions, and that comes back as an error of the call.
 */
export function checkLoaded(whole: Topology, options: CheckOptions = {}, loaded = true): CheckOutcome {
  const file = whole.file;
  const config = extensionsOf(options.config);
  if (!config.ok) return { ok: false, file, errors: config.errors };
  const registry = config.extensions?.registry ?? BUILT_IN;
  const bad = optionErrors(file, options, whole, registry);
  let topology = whole;
  let message: number | undefined;
  if (options.message !== undefined) {
    const chosen = selectMessage(whole, options.message);
    if (!chosen.ok) bad.push(callError(file, '(options)', `--message: ${chosen.message}`));
    else [topology, message] = [chosen.topology, chosen.index + 1];
  }
  if (bad.length > 0) return { ok: false, file, errors: bad };
  const run = (): CheckOutcome => {
    const checked = checkTopology(topology, {
      properties: options.properties,
      registry,
      maxStates: options.maxStates ?? DEFAULT_MAX_STATES,
      timeoutMs: options.timeoutMs,
      maxMemoryBytes: (options.maxMemoryMB ?? DEFAULT_MAX_MEMORY_MB) * 2 ** 20,
      memoryUsed: memoryGrowth(),
      ...(options.startedAt === undefined ? {} : { startedAt: options.startedAt }),
      onProgress: options.onProgress,
      ...(options.reductions === false ? { independentParts: false, symmetry: false } : {}),
    });
    const hints = budgetHints(topology, checked, options.reductions !== false);
    const result = { ...checked, ...(hints.length === 0 ? {} : { hints }), ...(message === undefined ? {} : { message }) };
    return { ok: true, file, status: checkStatus(result), result, topology, registry };
  };
  try {
    return run();
  } catch (err) {
    // A config's function that failed is the config's error, named at its line.
    if (err instanceof ExtensionError) return { ok: false, file, errors: [err.error] };
    if (loaded) throw err;
    return { ok: false, file, errors: [callError(file, '(topology)', `the model cannot check this topology: ${err instanceof Error ? err.message : String(err)}`)] };
  }
}

/**
 * Checks a topology given as the text of a file (YAML or JSON) or as a `Topology` object (the
 * arbitraries' output, or `loadTopology(...).topology`).
 */
export function check(input: string | Topology, options: CheckOptions = {}): CheckOutcome {
  const config = extensionsOf(options.config);
  if (!config.ok) return { ok: false, file: options.file ?? UNNAMED, errors: config.errors };
  const loaded = toTopology(input, options.file, config.extensions);
  if (!loaded.ok) return { ok: false, file: options.file ?? UNNAMED, errors: loaded.errors };
  return checkLoaded(loaded.topology, options, typeof input === 'string');
}

/** Reads and checks a topology file; a missing or unreadable file is `{ ok: false, errors }` too. */
export function checkFile(path: string, options: Omit<CheckOptions, 'file'> = {}): CheckOutcome {
  const startedAt = options.startedAt ?? performance.now();
  const loaded = loadTopologyFile(path, { config: options.config });
  if (!loaded.ok) return { ok: false, file: path, errors: loaded.errors };
  return checkLoaded(loaded.topology, { ...options, startedAt });
}
