/**
 * A load under the caller's budget. Reading a large file is most of what a check of it costs (a
 * 1.8 MB file of 100 000 hosts: about two seconds of YAML, one of validation and building), so a
 * `--timeout` or Ctrl-C must reach it too. The loader asks `stop` between its stages and every few
 * thousand YAML tokens; when it answers, the load is abandoned with `LoadStopped`, which only
 * callers that passed a `stop` ever see (src/api/check.ts turns it into inconclusive verdicts).
 *
 * What cannot be interrupted: composing the YAML document from its tokens and the schema's
 * validation are one library call each (yaml's Composer, zod's parse), a few hundred milliseconds
 * on the largest file the loader accepts (5 MiB); the budget is asked right after each.
 */
import type { StopReason } from '../../src/checker/result.js';
import type { RoleDefinition } from '../roles/types.js';

/** Where a load was when its budget ran out, as a report says it: "while parsing the file". */
export type LoadStage = 'reading' | 'parsing' | 'validating' | 'building';

export interface LoadOptions {
  /** Asked between stages and every few thousand tokens: a reason to stop, or null to go on. */
  stop?: (stage: LoadStage) => StopReason | null;
  /** The properties a config file adds: `expect` may name them, a path property may not take their ids. */
  config?: ConfigProperties;
}

/** A config file's properties as the loader needs them: the file's name (for messages) and their ids. */
export interface ConfigProperties {
  source: string;
  ids: readonly string[];
  /** The roles it registers, by id: hosts may name them in `role`. */
  roles?: ReadonlyMap<string, RoleDefinition>;
}

/** Thrown through the loader when `LoadOptions.stop` answers; never for anything in the file. */
export class LoadStopped extends Error {
  constructor(
    readonly reason: StopReason,
    readonly stage: LoadStage,
  ) {
    super(`loading stopped (${reason}) at ${stage}`);
  }
}

/** Asks the budget, and abandons the load if it is spent. */
export function checkpoint(options: LoadOptions | undefined, stage: LoadStage): void {
  const reason = options?.stop?.(stage) ?? null;
  if (reason !== null) throw new LoadStopped(reason, stage);
}
