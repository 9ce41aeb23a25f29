/** `mxproof check FILE...`: glue from files to the checker to a report and an exit code. */
import { formatWarning } from '../../models/topology/errors.js';
import { formatLoadError } from '../../models/topology/load.js';
import { PROPERTY_ID } from '../../models/topology/pathProperties.js';
import { visible } from '../../models/topology/text.js';
import { PROPERTY_IDS, type AnyPropertyId } from '../../models/topology/types.js';
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

/**
 * `--property` ids. With `own` (check, diff, diagram) an id that is not built in may be a path
 * property of the file: it is checked against each file once it is loaded. Without (explore,
 * whose topologies are generated), only built-in ids are known.
 */
export function parseProperties(ids: readonly string[], own = true): readonly AnyPropertyId[] | undefined {
  if (ids.length === 0) return undefined;
  for (const id of ids) {
    if ((PROPERTY_IDS as readonly string[]).includes(id)) continue;
    if (!own || !PROPERTY_ID.test(id)) {
      const mayBeOwn = own ? ' or the id of a path property under `properties` in the file' : '';
      throw new CliError(`unknown property '${visible(id)}'; known: ${PROPERTY_IDS.join(', ')}${mayBeOwn}`);
    }
  }
  return ids;
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
    else if (flags.format === 'text' && !(flags.quiet && outcome.status === 'passed')) io.stdout(renderCheckText(outcome.result, palette, outcome.topology.positions));
  }
  if (flags.format === 'junit') io.stdout(renderJUnit(outcomes));
  if (flags.format === 'sarif') io.stdout(renderSarif(outcomes, { baseDir: io.cwd ?? process.cwd() }));
  return worst(outcomes.map(exitCodeOf));
}
