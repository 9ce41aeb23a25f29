/** `mxproof check FILE...`: glue from files to the checker to a report and an exit code. */
import { formatWarning } from '../../models/topology/errors.js';
import { formatLoadError } from '../../models/topology/load.js';
import { PROPERTY_ID } from '../../models/topology/pathProperties.js';
import { visible } from '../../models/topology/text.js';
import type { AnyPropertyId, Fault } from '../../models/topology/types.js';
import { BUILT_IN } from '../../properties/index.js';
import { checkFile, loadFileForCheck, DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STATES, type CheckOptions, type CheckOutcome } from '../api/check.js';
import { sweepFailures, type FailureOutcome } from '../api/failures.js';
import { renderFailuresText } from '../report/failures.js';
import { ANSI, PLAIN, wantsColor, type Palette } from '../report/color.js';
import { renderCheckJson, renderLoadErrorsJson } from '../report/json.js';
import { renderJUnit } from '../report/junit.js';
import { renderSarif } from '../report/sarif.js';
import { renderCheckText } from '../report/text.js';
import { CliError, EXIT, worst, type ExitCode } from './exit.js';
import type { CliIO } from './io.js';
import type { Configs } from './config.js';
import { checkProgress, progressLine, type ProgressLine } from './progress.js';

export { DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STATES };

export type CheckFormat = 'text' | 'json' | 'junit' | 'sarif';
export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'json', 'junit', 'sarif'];

export interface CheckFlags {
  format: CheckFormat;
  property: string[];
  maxStates?: number;
  timeout?: number;
  maxMemory?: number;
  quiet: boolean;
  /** False with --no-reductions. */
  reductions: boolean;
  /** Text shows every step of a counterexample, not only those its violation needs. */
  allSteps?: boolean;
  /** --failures K: a failure sweep over sets of at most K hosts (FORMAT.md 1.1). */
  failures?: number;
  failureKind: Fault;
  /** --message N|ADDRESS: check that message alone. */
  message?: string;
}

/**
 * `--property` ids, against `known` (the registry's: built in, and a config's). With `own` (check,
 * diff, diagram) another id may be a path property of the file, or a property of a file's config:
 * it is checked against each file once it is loaded. Without (explore, whose topologies are
 * generated), only `known` ids are.
 */
export function parseProperties(ids: readonly string[], own = true, known: readonly string[] = BUILT_IN.ids): readonly AnyPropertyId[] | undefined {
  if (ids.length === 0) return undefined;
  for (const id of ids) {
    if (known.includes(id)) continue;
    if (!own || !PROPERTY_ID.test(id)) {
      const mayBeOwn = own ? ' or the id of a path property under `properties` in the file' : '';
      throw new CliError(`unknown property '${visible(id)}'; known: ${known.join(', ')}${mayBeOwn}`);
    }
  }
  return ids;
}

/** ANSI colour when stdout is a terminal and NO_COLOR is unset (or FORCE_COLOR asks), else none. */
export function paletteFor(io: CliIO): Palette {
  return wantsColor(io.stdoutIsTTY === true, io.env) ? ANSI : PLAIN;
}

/** A failure sweep of one file: loaded first (budget from before reading), then swept set by set with progress. */
function sweepFile(file: string, failures: number, kind: Fault, options: CheckOptions, line: ProgressLine | null): CheckOutcome | FailureOutcome {
  const loaded = loadFileForCheck(file, options);
  if (!('startedAt' in loaded)) return loaded;
  // The engine's progress line names the set being checked.
  let progress = checkProgress(line, file);
  return sweepFailures(loaded.topology, {
    ...options,
    startedAt: loaded.startedAt,
    failures,
    kind,
    onProgress: (p) => progress?.(p),
    onSet: (index, total, hosts) => {
      progress = checkProgress(line, `${file} with ${hosts.join(' + ')} ${kind} (set ${index}/${total})`);
      line?.show(`${file}: failure set ${index}/${total}: ${hosts.join(' + ')}`);
    },
  });
}

export function exitCodeOf(outcome: CheckOutcome | FailureOutcome): ExitCode {
  if (!outcome.ok) return EXIT.badInput;
  return outcome.status === 'failed' ? EXIT.violated : outcome.status === 'inconclusive' ? EXIT.inconclusive : EXIT.ok;
}

/**
 * Text and JSON stream a report per file as it is checked. JUnit and SARIF are one document for
 * all the files, printed at the end. Load errors always go to stderr as `file:line:col: field:
 * message`, and into the JSON, JUnit and SARIF documents too. With --quiet the text report leaves
 * out the files whose every verdict is fine, and no progress is shown.
 *
 * When `io.interrupted` turns true (Ctrl-C), the file being checked stops where it is and the
 * files after it are not read: every report is still printed whole, its open verdicts
 * `inconclusive`, and the exit code is 130.
 */
export function checkCommand(files: readonly string[], flags: CheckFlags, io: CliIO, configs?: Configs): ExitCode {
  const properties = parseProperties(flags.property);
  const palette = paletteFor(io);
  const line = progressLine(io, flags.quiet);
  const outcomes: (CheckOutcome | FailureOutcome)[] = [];
  for (const file of files) {
    const options: CheckOptions = {
      properties,
      maxStates: flags.maxStates ?? DEFAULT_MAX_STATES,
      timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
      ...(flags.maxMemory === undefined ? {} : { maxMemoryMB: flags.maxMemory }),
      onProgress: checkProgress(line, file),
      reductions: flags.reductions,
      ...(flags.message === undefined ? {} : { message: flags.message }),
      ...(io.interrupted === undefined ? {} : { interrupted: io.interrupted }),
      ...(configs?.for(file) === undefined ? {} : { config: configs.for(file)!.config }),
    };
    const outcome = flags.failures === undefined ? checkFile(file, options) : sweepFile(file, flags.failures, flags.failureKind, options, line);
    line?.clear();
    outcomes.push(outcome);
    if (!outcome.ok) {
      for (const e of outcome.errors) io.stderr(formatLoadError(e) + '\n');
      if (flags.format === 'json') io.stdout(renderLoadErrorsJson(file, outcome.errors));
      continue;
    }
    if (!flags.quiet) for (const w of outcome.result.warnings ?? []) io.stderr(formatWarning(w) + '\n');
    const sweep = 'sweep' in outcome ? (outcome as FailureOutcome & { ok: true }).sweep : undefined;
    if (flags.format === 'json') io.stdout(renderCheckJson(outcome.result, sweep));
    else if (flags.format === 'text' && !(flags.quiet && outcome.status === 'passed')) {
      io.stdout(renderCheckText(outcome.result, palette, outcome.topology?.positions, { allSteps: flags.allSteps === true }));
      if (sweep !== undefined) io.stdout(renderFailuresText(sweep, palette, { allSteps: flags.allSteps === true }));
    }
  }
  if (flags.format === 'junit') io.stdout(renderJUnit(outcomes));
  if (flags.format === 'sarif') io.stdout(renderSarif(outcomes, { baseDir: io.cwd ?? process.cwd() }));
  // Interrupted, the reports above hold what was reached (the files after it: inconclusive,
  // "stopped by an interrupt before the file was read"), and the exit code says it was cut.
  if (io.interrupted?.() === true) return EXIT.interrupted;
  return worst(outcomes.map(exitCodeOf));
}
