/**
 * One file of `mxproof check`: read, checked (or swept, with --failures) and what its reports need,
 * whichever thread runs it: the command's own (one file after another) or a worker of the pool
 * (checkPool.ts). Both call this with the same flags, so a file's outcome is the same either way.
 */
import type { AnyPropertyId, Fault } from '../../models/topology/types.js';
import { checkFile, loadFileForCheck, DEFAULT_MAX_STATES, type CheckOptions, type CheckOutcome, type CheckStatus } from '../api/check.js';
import { sweepFailures, type FailureOutcome } from '../api/failures.js';
import type { MxproofConfig } from '../config/define.js';
import type { CheckedFile } from '../report/outcome.js';
import type { CheckFlags } from './checkFlags.js';
import { checkProgress, type ProgressLine } from './progress.js';

/**
 * A file's outcome as the reports read it: no more than the renderers need, and nothing a worker
 * thread cannot post (a config's registry holds functions: the command thread puts back its own).
 */
export type FileOutcome = Extract<CheckedFile, { ok: false }> | (Extract<CheckedFile, { ok: true }> & { status: CheckStatus });

/** The flags a check of one file reads: plain data, so a worker thread can be given them. */
export type FileFlags = Pick<CheckFlags, 'maxStates' | 'timeout' | 'maxMemory' | 'reductions' | 'failures' | 'failureKind' | 'message'>;

export function fileFlags(flags: CheckFlags): FileFlags {
  const { maxStates, timeout, maxMemory, reductions, failures, failureKind, message } = flags;
  return { maxStates, timeout, maxMemory, reductions, failures, failureKind, message };
}

export interface OneFile {
  /** The properties --property asks for (undefined: all). */
  properties: readonly AnyPropertyId[] | undefined;
  config: MxproofConfig | undefined;
  /** Where progress goes (null: nowhere). */
  line: Pick<ProgressLine, 'show'> | null;
  interrupted: (() => boolean) | undefined;
}

/**
 * Checks `file`. The time budget (--timeout) starts here, before the file is read, so it is per
 * file however many files the run has and however long a file waited for its turn.
 */
export function checkOne(file: string, flags: FileFlags, one: OneFile): FileOutcome {
  const options: CheckOptions = {
    properties: one.properties,
    maxStates: flags.maxStates ?? DEFAULT_MAX_STATES,
    timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
    ...(flags.maxMemory === undefined ? {} : { maxMemoryMB: flags.maxMemory }),
    onProgress: checkProgress(one.line, file),
    reductions: flags.reductions,
    ...(flags.message === undefined ? {} : { message: flags.message }),
    ...(one.interrupted === undefined ? {} : { interrupted: one.interrupted }),
    ...(one.config === undefined ? {} : { config: one.config }),
  };
  return flags.failures === undefined ? checkFile(file, options) : sweepFile(file, flags.failures, flags.failureKind, options, one.line);
}

/** A failure sweep of one file: loaded first (budget from before reading), then swept set by set with progress. */
function sweepFile(file: string, failures: number, kind: Fault, options: CheckOptions, line: OneFile['line']): CheckOutcome | FailureOutcome {
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

/**
 * What of an outcome crosses from a worker thread: the topology's positions and path properties
 * (all the reports read of it), not the registry. Everything left is data: results, counterexamples,
 * figures (BigInt included), the sweep.
 */
export function portable(outcome: FileOutcome): FileOutcome {
  if (!outcome.ok) return outcome;
  const { registry: _registry, topology, ...rest } = outcome;
  const kept = topology === null ? null : { positions: topology.positions, ...(topology.properties === undefined ? {} : { properties: topology.properties }) };
  return { ...rest, topology: kept };
}
