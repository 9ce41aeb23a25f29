/** `mxproof check FILE...`: glue from files to the checker to a report and an exit code. */
import { loadTopologyFile, formatLoadError } from '../../models/topology/load.js';
import { PROPERTY_IDS, type PropertyId } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import { isFailure, isInconclusive } from '../../properties/result.js';
import { renderCheckJson, renderLoadErrorsJson } from '../report/json.js';
import { renderCheckText } from '../report/text.js';
import { CliError, EXIT, worst, type ExitCode } from './exit.js';
import type { CliIO } from './io.js';
import { clearProgress, progressReporter } from './progress.js';

export interface CheckFlags {
  format: 'text' | 'json';
  property: string[];
  maxStates?: number;
  timeout?: number;
  quiet: boolean;
}

/**
 * Without --max-states a run still stops, inconclusive, before it can exhaust memory: the state
 * store grows by a few hundred bytes a state. Raise it with --max-states for bigger topologies.
 */
export const DEFAULT_MAX_STATES = 2_000_000;

export function parseProperties(ids: readonly string[]): PropertyId[] | undefined {
  if (ids.length === 0) return undefined;
  for (const id of ids) {
    if (!(PROPERTY_IDS as readonly string[]).includes(id)) {
      throw new CliError(`unknown property '${id}'; known: ${PROPERTY_IDS.join(', ')}`);
    }
  }
  return ids as PropertyId[];
}

export function checkCommand(files: readonly string[], flags: CheckFlags, io: CliIO): ExitCode {
  const properties = parseProperties(flags.property);
  const codes: ExitCode[] = [];
  for (const file of files) {
    const loaded = loadTopologyFile(file);
    if (!loaded.ok) {
      for (const e of loaded.errors) io.stderr(formatLoadError(e) + '\n');
      if (flags.format === 'json') io.stdout(renderLoadErrorsJson(file, loaded.errors));
      codes.push(EXIT.badInput);
      continue;
    }
    const result = checkTopology(loaded.topology, {
      properties,
      maxStates: flags.maxStates ?? DEFAULT_MAX_STATES,
      timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
      onProgress: progressReporter(io, flags.quiet, file),
    });
    clearProgress(io, flags.quiet);
    io.stdout(flags.format === 'json' ? renderCheckJson(result) : renderCheckText(result));
    if (result.properties.some(isFailure)) codes.push(EXIT.violated);
    else if (result.properties.some(isInconclusive)) codes.push(EXIT.inconclusive);
    else codes.push(EXIT.ok);
  }
  return worst(codes);
}
