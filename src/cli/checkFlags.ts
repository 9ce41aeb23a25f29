/**
 * The options of `mxproof check` as the command reads them: apart from checkCommand.ts because
 * the pieces it drives (checkOne.ts, checkReport.ts) read them too, and must not import it back.
 */
import type { Fault } from '../../models/topology/types.js';

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
  /** --jobs N: worker threads checking files (1, or undefined: this thread, one file after another). */
  jobs?: number;
}
