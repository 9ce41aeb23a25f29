/** `mxproof check FILE...`: glue from files to the checker to a report and an exit code. */
import { formatWarning } from '../../models/topology/errors.js';
import { formatLoadError } from '../../models/topology/load.js';
import { PROPERTY_IDS, type PropertyId } from '../../models/topology/types.js';
import { checkFile, DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STATES, type CheckOutcome } from '../api/check.js';
import { ANSI, PLAIN, wantsColor, type Palette } from '../report/color.js';
import { renderCheckJson, renderLoadErrorsJson } from '../report/json.js';
import { renderJUnit } from '../report/junit.js';
import { renderSarif } from '../report/sarif.js';
import { renderCheckText } from '../report/text.js';
import { CliError, EXIT, worst, type ExitCode } from './exit.js';
import type { CliIO } from './io.js';
import { checkProgress, progressLine } from './progress.js';

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
}

export function parseProperties(ids: readonly string[]): PropertyId[] | undefined {
  if (ids.length === 0) return undefined;
  for (const id of ids) {
    if (!(PROPERTY_IDS as readonly string[]).includes(id)) {
      throw new CliError(`unknown property '${id}'; known: ${PROPERTY_IDS.join(', ')}`);
    }
  }
  return ids as PropertyId[];
}

/** ANSI colour when stdout is a terminal and NO_COLOR is unset (or FORCE_COLOR asks), else none. */
export function paletteFor(io: CliIO): Palette {
  return wantsColor(io.stdoutIsTTY === true, io.env) ? ANSI : PLAIN;
}

export function exitCodeOf(outcome: CheckOutcome): ExitCode {
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
export function checkCommand(files: readonly string[], flags: CheckFlags, io: CliIO): ExitCode {
  const properties = parseProperties(flags.property);
  const palette = paletteFor(io);
  const line = progressLine(io, flags.quiet);
  const outcomes: CheckOutcome[] = [];
  for (const file of files) {
    const outcome = checkFile(file, {
      properties,
      maxStates: flags.maxStates ?? DEFAULT_MAX_STATES,
      timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
      ...(flags.maxMemory === undefined ? {} : { maxMemoryMB: flags.maxMemory }),
      onProgress: checkProgress(line, file),
      reductions: flags.reductions,
      ...(io.interrupted === undefined ? {} : { interrupted: io.interrupted }),
    });
    line?.clear();
    outcomes.push(outcome);
    if (!outcome.ok) {
      for (const e of outcome.errors) io.stderr(formatLoadError(e) + '\n');
      if (flags.format === 'json') io.stdout(renderLoadErrorsJson(file, outcome.errors));
      continue;
    }
    if (!flags.quiet) for (const w of outcome.result.warnings ?? []) io.stderr(formatWarning(w) + '\n');
    if (flags.format === 'json') io.stdout(renderCheckJson(outcome.result));
    else if (flags.format === 'text' && !(flags.quiet && outcome.status === 'passed')) io.stdout(renderCheckText(outcome.result, palette, outcome.topology?.positions));
  }
  if (flags.format === 'junit') io.stdout(renderJUnit(outcomes));
  if (flags.format === 'sarif') io.stdout(renderSarif(outcomes, { baseDir: io.cwd ?? process.cwd() }));
  // Interrupted, the reports above hold what was reached (the files after it: inconclusive,
  // "stopped by an interrupt while reading the file"), and the exit code says it was cut.
  if (io.interrupted?.() === true) return EXIT.interrupted;
  return worst(outcomes.map(exitCodeOf));
}
