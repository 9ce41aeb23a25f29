/**
 * What a check returns: plain data the reports render and the CLI serialises. Steps are numbered
 * from 1 as a person reads them; `loopsFrom` is the number of the first step of the part that
 * repeats forever (a lasso), or null when the run just ends there.
 */
import type { LoadError } from '../models/topology/errors.js';
import type { PropertyId, Verdict } from '../models/topology/types.js';

export interface Step {
  n: number;
  /** A command sent (RCPT, DATA), a reply coming back (`from` answers `to`), a host acting alone, a fault. */
  kind: 'command' | 'reply' | 'local' | 'fault' | 'finding';
  /** Index of the message in `messages`, or null for a fault. */
  message: number | null;
  from: string;
  to: string | null;
  /** 0 = the delivery session, 1 = a call-ahead it caused, 2 = a call-ahead of that call-ahead, … */
  depth: number;
  text: string;
  details: string[];
  /** The number of an earlier step this one repeats exactly (a call-ahead loop closing). */
  repeats?: number;
}

export interface Counterexample {
  steps: Step[];
  loopsFrom: number | null;
  /** Replays the run: `mxproof replay FILE PATH`. Null for static findings. */
  path: string | null;
}

export interface PropertyResult {
  id: PropertyId;
  verdict: Verdict;
  /** Why it is violated, not applicable or inconclusive. */
  reason?: string;
  counterexample?: Counterexample;
  /** JSON pointer of the part of the file the violation involves (SARIF locations use it). */
  pointer?: string;
  /** The verdict the file's `expect` block asks for, when it names this property. */
  expected?: Verdict;
}

export interface CheckStats {
  states: number;
  transitions: number;
  maxDepth: number;
  durationMs: number;
  complete: boolean;
  stopReason?: 'max-states' | 'timeout';
  /**
   * States the engine actually stored, when a reduction stored fewer than `states` (which always
   * counts the whole state space): messages checked apart, or symmetric hosts folded.
   */
  statesStored?: number;
  /** Hosts folded as interchangeable (models/system/symmetry.ts), one list per class. */
  symmetricHosts?: string[][];
}

export interface CheckResult {
  file: string;
  properties: PropertyResult[];
  stats: CheckStats;
  /**
   * Settings the file makes that the model never reads for that host (models/topology/advice.ts),
   * as `file:line:col: field` positions; absent when there are none. They change no verdict.
   */
  warnings?: LoadError[];
}

/** A property meets the file's expectation, or — without one — is not a failure. */
export function isFailure(p: PropertyResult): boolean {
  if (p.expected !== undefined) return p.verdict !== p.expected && p.verdict !== 'inconclusive';
  return p.verdict === 'violated';
}

export function isInconclusive(p: PropertyResult): boolean {
  return p.verdict === 'inconclusive' && p.expected !== 'inconclusive';
}
