/**
 * What a check returns: plain data the reports render and the CLI serialises. Steps are numbered
 * from 1 as a person reads them; `loopsFrom` is the number of the first step of the part that
 * repeats forever (a lasso), or null when the run just ends there.
 */
import type { LoadError } from '../models/topology/errors.js';
import type { AnyPropertyId, Verdict } from '../models/topology/types.js';
import type { Count, Engine } from '../src/checker/result.js';

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
  /**
   * The run cut to what the violation needs (properties/focus.ts), when that leaves steps out:
   * human reports show it, with how many steps were left out; JSON and SARIF keep every step.
   */
  focus?: Focus;
}

/** Which steps of a counterexample matter to the messages it is about; itself a run of the model. */
export interface Focus {
  /** The messages the violation is about (indices into `messages`), and their recipients. */
  messages: number[];
  recipients: string[];
  /** The numbers (`Step.n`) of the steps kept, ascending: those messages' own and the fault flips they see. */
  steps: number[];
  /** The number of the kept step where the cut run's repeating part starts; null when it just ends. */
  loopsFrom: number | null;
  /** The cut run as a path of its own: `mxproof replay FILE PATH` replays it. */
  path: string;
}

/**
 * One thing a static property found wrong in the file. A file can be wrong in several places at
 * once (three bad MX records), and each place is worth its own report line and SARIF result.
 */
export interface Problem {
  reason: string;
  /** JSON pointer of the record or setting at fault. */
  pointer: string;
  /** The problem told as steps: the part of the file at fault, then why (no replay path). */
  counterexample: Counterexample;
}

export interface PropertyResult {
  id: AnyPropertyId;
  verdict: Verdict;
  /** Why it is violated, not applicable or inconclusive. */
  reason?: string;
  counterexample?: Counterexample;
  /** JSON pointer of the part of the file the violation involves (SARIF locations use it). */
  pointer?: string;
  /**
   * A violated static property (`dns-well-formed`, `no-open-relay`): every problem it found, in file
   * order. `reason`, `pointer` and `counterexample` above are the first one's, so a reader that
   * knows only one problem per property keeps working. Absent for explored properties, whose
   * search stops at the first counterexample.
   */
  problems?: Problem[];
  /** The verdict the file's `expect` block asks for, when it names this property. */
  expected?: Verdict;
}

export interface CheckStats {
  /**
   * Every state of the whole space (a reduction may have stored fewer: `statesStored`), exactly:
   * past what a double holds exactly (2^53: a few hundred independent messages) it is a bigint —
   * a decimal string in JSON — and `statesLog10` is its order of magnitude.
   */
  states: Count;
  statesLog10?: number;
  transitions: Count;
  /** Breadth-first depth of the deepest state; null when messages sharing a transient fault were checked apart (not computed). */
  maxDepth: number | null;
  /** The whole check: reading the file (from `checkFile`), loading, building and the search. */
  durationMs: number;
  /** Of `durationMs`, the time before the search: reading, loading, building the model and its tables. */
  setupMs: number;
  complete: boolean;
  /**
   * The engine that explored (src/checker/engine.ts): `packed-apart` (messages checked apart and
   * combined), `packed` (the packed system whole), `unpacked` (the system's own objects: a config's
   * liveness property, which has no packed goal flags), or `none` when a budget ran out before any could start.
   */
  engine: Engine;
  /** The budget that stopped the run; `interrupted` when the user did (Ctrl-C). */
  stopReason?: 'max-states' | 'timeout' | 'max-memory' | 'interrupted';
  /**
   * Every property asked was violated before the space was explored, so the run stopped there
   * (each counterexample is still a shortest one): `states` and `transitions` count what was met.
   */
  stoppedAtViolation?: true;
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
  /** When a budget stopped the check: what multiplies this file's space, and what to try. */
  hints?: string[];
  /** With `check --message`: the one message checked (its number in the file, from 1). */
  message?: number;
}

/** A property meets the file's expectation, or — without one — is not a failure. */
export function isFailure(p: PropertyResult): boolean {
  if (p.expected !== undefined) return p.verdict !== p.expected && p.verdict !== 'inconclusive';
  return p.verdict === 'violated';
}

export function isInconclusive(p: PropertyResult): boolean {
  return p.verdict === 'inconclusive' && p.expected !== 'inconclusive';
}
