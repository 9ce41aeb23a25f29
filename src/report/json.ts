/**
 * The JSON report: one object per checked file, printed one per line so several files stream as
 * JSON Lines. Its shape is a contract (schema/report.schema.json, docs/ci.md): every object of a
 * kind has the same keys, whatever the verdict. What does not apply is `null` (a reason, a
 * counterexample, an expectation) or `[]` (problems, warnings), never a missing key, so a script
 * can read `p["reason"]` without first asking whether it is there.
 */
import type { LoadError } from '../../models/topology/errors.js';
import type { AnyPropertyId, PropertyId, Verdict } from '../../models/topology/types.js';
import type { CheckResult, CheckStats, Problem, PropertyResult } from '../../properties/result.js';
import type { Count } from '../checker/result.js';
import type { FailureSweep } from '../api/failures.js';
import { counterexample, type JsonCounterexample } from './jsonCounterexample.js';
import { jsonFailures, type JsonFailureSet } from './failures.js';

export { counterexample, type JsonCounterexample, type JsonStep } from './jsonCounterexample.js';

export interface JsonProblem {
  reason: string;
  pointer: string;
  counterexample: JsonCounterexample;
}

export interface JsonProperty {
  id: AnyPropertyId;
  verdict: Verdict;
  reason: string | null;
  expected: Verdict | null;
  pointer: string | null;
  counterexample: JsonCounterexample | null;
  problems: JsonProblem[];
}

export interface JsonStats {
  /** Exact: a number up to 2^53, a decimal string beyond (a product of many messages); never null. */
  states: number | string;
  /** When `states` is a string: its order of magnitude (the floor of its log10); else null. */
  statesLog10: number | null;
  transitions: number | string;
  /** Null when messages sharing a transient fault were checked apart: the whole space's depth is not computed. */
  maxDepth: number | null;
  durationMs: number;
  setupMs: number;
  complete: boolean;
  /** The engine that explored (CheckStats.engine). */
  engine: CheckStats['engine'];
  stopReason: NonNullable<CheckStats['stopReason']> | null;
  stoppedAtViolation: boolean;
  statesStored: number;
  symmetricHosts: string[][];
}

export interface JsonReport {
  file: string;
  properties: JsonProperty[];
  stats: JsonStats;
  warnings: LoadError[];
  /** With `check --failures K`: the sets of hosts whose failure breaks something; else null. */
  failures: JsonFailureSet[] | null;
  /** When a budget stopped the check: what multiplies the space and what to try; else []. */
  hints: string[];
  /** With `check --message`: the message checked alone (from 1); else null. */
  message: number | null;
}

export interface JsonLoadFailure {
  file: string;
  errors: LoadError[];
}

export function problem(p: Problem): JsonProblem {
  return { reason: p.reason, pointer: p.pointer, counterexample: counterexample(p.counterexample) };
}

export function jsonProperty(p: PropertyResult): JsonProperty {
  return {
    id: p.id,
    verdict: p.verdict,
    reason: p.reason ?? null,
    expected: p.expected ?? null,
    pointer: p.pointer ?? null,
    counterexample: p.counterexample === undefined ? null : counterexample(p.counterexample),
    problems: (p.problems ?? []).map(problem),
  };
}

/** JSON numbers are doubles: a count past 2^53 goes as its decimal digits, exactly. */
const exact = (n: Count): number | string => (typeof n === 'bigint' ? n.toString() : n);

function stats(s: CheckStats): JsonStats {
  return {
    states: exact(s.states),
    statesLog10: s.statesLog10 ?? null,
    transitions: exact(s.transitions),
    maxDepth: s.maxDepth,
    durationMs: s.durationMs,
    setupMs: s.setupMs,
    complete: s.complete,
    engine: s.engine,
    stopReason: s.stopReason ?? null,
    stoppedAtViolation: s.stoppedAtViolation === true,
    // Without a reduction the engine stored every state it counted: as many as memory holds, a number.
    statesStored: s.statesStored ?? Number(s.states),
    symmetricHosts: s.symmetricHosts ?? [],
  };
}

export function jsonReport(result: CheckResult, sweep?: FailureSweep): JsonReport {
  return {
    file: result.file,
    properties: result.properties.map(jsonProperty),
    stats: stats(result.stats),
    warnings: result.warnings ?? [],
    failures: sweep === undefined ? null : jsonFailures(sweep),
    hints: result.hints ?? [],
    message: result.message ?? null,
  };
}

export function renderCheckJson(result: CheckResult, sweep?: FailureSweep): string {
  return JSON.stringify(jsonReport(result, sweep)) + '\n';
}

export function renderLoadErrorsJson(file: string, errors: readonly LoadError[]): string {
  const failure: JsonLoadFailure = { file, errors: [...errors] };
  return JSON.stringify(failure) + '\n';
}
