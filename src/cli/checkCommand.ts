/** `mxproof check FILE...`: glue from files to the checker to a report and an exit code. */
import { PROPERTY_ID } from '../../models/topology/pathProperties.js';
import { visible } from '../../models/topology/text.js';
import type { AnyPropertyId } from '../../models/topology/types.js';
import { BUILT_IN } from '../../properties/index.js';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STATES } from '../api/check.js';
import { ANSI, PLAIN, wantsColor, type Palette } from '../report/color.js';
import type { CheckFlags } from './checkFlags.js';
import { checkOne, fileFlags } from './checkOne.js';
import { checkInPool, checkPoolWorkerUrl } from './checkPool.js';
import { CheckReport } from './checkReport.js';
import { CliError, type ExitCode } from './exit.js';
import type { CliIO } from './io.js';
import type { Configs } from './config.js';
import { progressLine } from './progress.js';

export { DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STATES };

export { CHECK_FORMATS, type CheckFlags, type CheckFormat } from './checkFlags.js';

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

/**
 * Checks the files and prints a report per file, in file order, as soon as every file before it is
 * done (checkReport.ts says what is printed where). With `--jobs N` (N > 1, and more than one file)
 * a pool of N worker threads checks them (checkPool.ts); otherwise this thread checks them one
 * after another. Both print the same but for the timings.
 *
 * When `io.interrupted` turns true (Ctrl-C), the files being checked stop where they are and the
 * files not yet begun are not read: every report is still printed whole, its open verdicts
 * `inconclusive`, and the exit code is 130.
 */
export async function checkCommand(files: readonly string[], flags: CheckFlags, io: CliIO, configs?: Configs): Promise<ExitCode> {
  const properties = parseProperties(flags.property);
  const line = progressLine(io, flags.quiet);
  const report = new CheckReport(flags, io, paletteFor(io));
  const one = fileFlags(flags);
  const threads = Math.min(flags.jobs ?? 1, files.length);
  const url = threads > 1 ? checkPoolWorkerUrl() : null;
  if (url === null) {
    for (const file of files) {
      const outcome = checkOne(file, one, { properties, config: configs?.for(file)?.config, line, interrupted: io.interrupted });
      line?.clear();
      report.file(outcome);
    }
    return report.end();
  }
  await checkInPool(url, threads, {
    files,
    configs: files.map((file) => {
      const loaded = configs?.for(file);
      return loaded === undefined ? null : { path: loaded.path, name: loaded.name };
    }),
    flags: one,
    properties,
    // The registry stays in this thread (it holds a config's functions): SARIF describes rules from it.
    onFile: (outcome) => report.file(outcome.ok ? { ...outcome, registry: configs?.registryFor(outcome.file) ?? BUILT_IN } : outcome),
    line,
    interrupted: io.interrupted,
  });
  return report.end();
}
