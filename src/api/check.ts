/**
 * `check` for programs: a topology (text or object) in, a discriminated union out. A violation is a
 * verdict in the result, not an exception; a file that does not load is `{ ok: false, errors }`.
 * Nothing is printed; progress goes to the callback the caller passes.
 */
import type { LoadError } from '../../models/topology/errors.js';
import { LoadStopped, loadTopologyFile, type LoadResult } from '../../models/topology/load.js';
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import { BUILT_IN } from '../../properties/index.js';
import type { PropertyRegistry } from '../../properties/registry.js';
import { isFailure, isInconclusive, type CheckResult } from '../../properties/result.js';
import { budgetSpent, type Progress } from '../checker/index.js';
import type { MxproofConfig } from '../config/define.js';
import { ExtensionError } from '../config/errors.js';
import type { Extensions } from '../config/resolve.js';
import { callError, extensionsOf, loadOptions, toTopology, UNNAMED } from './load.js';
import { stoppedWhileLoading } from './stopped.js';

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
  /**
   * Asked with the clock while loading and exploring: once it returns true the check stops and
   * its undecided verdicts are `inconclusive` (stop reason `interrupted`). The CLI's Ctrl-C.
   */
  interrupted?: () => boolean;
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

/**
 * `topology` is null when a budget (or an interrupt) stopped the check while the file was still
 * being loaded: then every property asked is `inconclusive` and `result.stats` says why.
 */
export type CheckOutcome =
  /** `registry`: the properties the check knew, a config's among them (SARIF describes its rules from it). */
  | { ok: true; file: string; status: CheckStatus; result: CheckResult; topology: Topology | null; registry: PropertyRegistry }
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
  errors.push(...budgetErrors(file, options));
  return errors;
}

/** The errors in the budgets: asked before loading, which runs under them. */
function budgetErrors(file: string, options: CheckOptions): LoadError[] {
  const errors: LoadError[] = [];
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

/** When the budget started and how memory has grown since: one for the whole check, loading included. */
interface Started {
  startedAt: number;
  memoryUsed: () => number;
}

const start = (options: CheckOptions): Started => ({ startedAt: options.startedAt ?? performance.now(), memoryUsed: memoryGrowth() });

/** The check's budget as the loader asks it (models/topology/budget.ts). */
function loadBudget(options: CheckOptions, started: Started): { stop: () => ReturnType<typeof budgetSpent> } {
  const budget = {
    timeoutMs: options.timeoutMs,
    startedAt: started.startedAt,
    maxMemoryBytes: (options.maxMemoryMB ?? DEFAULT_MAX_MEMORY_MB) * 2 ** 20,
    memoryUsed: started.memoryUsed,
    interrupted: options.interrupted,
  };
  return { stop: () => budgetSpent(budget) };
}

/** The config of a check, validated: its registry, and what the loader needs to know of it. */
type Configured = { ok: true; extensions: Extensions | undefined; registry: PropertyRegistry } | { ok: false; errors: LoadError[] };

function configured(options: CheckOptions): Configured {
  const config = extensionsOf(options.config);
  return config.ok ? { ...config, registry: config.extensions?.registry ?? BUILT_IN } : config;
}

/** Loads under the check's budget: a budget spent while loading is an outcome, with every verdict open. */
function loadWithin(
  file: string,
  options: CheckOptions,
  started: Started,
  config: Configured & { ok: true },
  load: (budget: ReturnType<typeof loadBudget> & ReturnType<typeof loadOptions>) => LoadResult,
): LoadResult | CheckOutcome {
  try {
    return load({ ...loadBudget(options, started), ...loadOptions(config.extensions) });
  } catch (err) {
    if (!(err instanceof LoadStopped)) throw err;
    const result = stoppedWhileLoading(file, err, options, performance.now() - started.startedAt, config.registry.ids);
    return { ok: true, file, status: 'inconclusive', result, topology: null, registry: config.registry };
  }
}

/**
 * Checks a topology. One the loader built is checked as it is: should the model throw on it, that is
 * a bug of mxproof and is thrown. A Topology object from elsewhere (`loaded: false`: built by hand)
 * may break the model's assumptions, and that comes back as an error of the call.
 */
export function checkLoaded(whole: Topology, options: CheckOptions = {}, loaded = true): CheckOutcome {
  return checkWithin(whole, options, loaded, start(options));
}

function checkWithin(whole: Topology, options: CheckOptions, loaded: boolean, started: Started): CheckOutcome {
  const file = whole.file;
  const config = configured(options);
  if (!config.ok) return { ok: false, file, errors: config.errors };
  const { registry } = config;
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
      memoryUsed: started.memoryUsed,
      startedAt: started.startedAt,
      onProgress: options.onProgress,
      ...(options.interrupted === undefined ? {} : { interrupted: options.interrupted }),
      ...(options.reductions === false ? { independentParts: false, symmetry: false } : {}),
    });
    // Hints say why a check got big; a user's Ctrl-C says nothing of that, and should end at once.
    const hints = checked.stats.stopReason === 'interrupted' ? [] : budgetHints(topology, checked, options.reductions !== false);
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
 * arbitraries' output, or `loadTopology(...).topology`). The budget counts from this call: loading
 * the text is part of it.
 */
export function check(input: string | Topology, options: CheckOptions = {}): CheckOutcome {
  const started = start(options);
  const file = options.file ?? (typeof input === 'object' && input !== null && typeof input.file === 'string' ? input.file : UNNAMED);
  const bad = budgetErrors(file, options);
  if (bad.length > 0) return { ok: false, file, errors: bad };
  const config = configured(options);
  if (!config.ok) return { ok: false, file, errors: config.errors };
  const loaded = loadWithin(file, options, started, config, (budget) => toTopology(input, options.file, budget));
  if ('status' in loaded) return loaded;
  if (!loaded.ok) return { ok: false, file: options.file ?? UNNAMED, errors: loaded.errors };
  return checkWithin(loaded.topology, options, typeof input === 'string', started);
}

/** Reads a file under a check's budget: the topology and the budget's start, or the outcome that ends it there. */
function loadUnderBudget(path: string, options: Omit<CheckOptions, 'file'>): { ok: true; topology: Topology; started: Started } | CheckOutcome {
  const started = start(options);
  const bad = budgetErrors(path, options);
  if (bad.length > 0) return { ok: false, file: path, errors: bad };
  const config = configured(options);
  if (!config.ok) return { ok: false, file: path, errors: config.errors };
  const loaded = loadWithin(path, options, started, config, (budget) => loadTopologyFile(path, budget));
  if ('status' in loaded) return loaded;
  if (!loaded.ok) return { ok: false, file: path, errors: loaded.errors };
  return { ok: true, topology: loaded.topology, started };
}

/**
 * Reads a file under a check's budget, for what checks it after (a failure sweep): the topology and
 * when the budget started, or the outcome that ends it there (a load error, a budget spent).
 */
export function loadFileForCheck(path: string, options: Omit<CheckOptions, 'file'> = {}): { ok: true; topology: Topology; startedAt: number } | CheckOutcome {
  const loaded = loadUnderBudget(path, options);
  return 'started' in loaded ? { ok: true, topology: loaded.topology, startedAt: loaded.started.startedAt } : loaded;
}

/** Reads and checks a topology file; a missing or unreadable file is `{ ok: false, errors }` too. */
export function checkFile(path: string, options: Omit<CheckOptions, 'file'> = {}): CheckOutcome {
  const loaded = loadUnderBudget(path, options);
  return 'started' in loaded ? checkWithin(loaded.topology, options, true, loaded.started) : loaded;
}
