/**
 * Vitest matchers over the outcome of `check` (or a bare CheckResult). A failing matcher's message
 * is what a person needs to fix the topology: the verdict, the reason, where in the file, and the
 * counterexample as numbered SMTP steps. Pure functions of `(received, …args)`, registered with
 * `expect.extend` by `./index.ts`.
 */
import { formatLoadError, type LoadError } from '../../models/topology/errors.js';
import { PROPERTY_IDS, type SourcePos, type Verdict } from '../../models/topology/types.js';
import { isFailure, isInconclusive, type CheckResult, type PropertyResult } from '../../properties/result.js';
import { locate } from '../report/locate.js';
import { moreProblems, shownRuns } from '../report/runs.js';
import { renderCounterexample } from '../report/text.js';

export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

interface Checked {
  result: CheckResult;
  positions: Record<string, SourcePos>;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

const loadFailure = (errors: readonly LoadError[]) =>
  new Error(`the topology did not load, so nothing was checked:\n${errors.map((e) => `  ${formatLoadError(e)}`).join('\n')}`);

/** The check behind what `expect` received; a load failure or a wrong value is thrown, whatever `.not` says. */
function checked(received: unknown): Checked {
  if (isObject(received) && received.ok === false && Array.isArray(received.errors)) throw loadFailure(received.errors as LoadError[]);
  if (isObject(received) && received.ok === true && isObject(received.result)) {
    const topology = received.topology as { positions?: Record<string, SourcePos> } | undefined;
    return { result: received.result as unknown as CheckResult, positions: topology?.positions ?? {} };
  }
  if (isObject(received) && Array.isArray(received.properties) && isObject(received.stats)) {
    return { result: received as unknown as CheckResult, positions: {} };
  }
  throw new TypeError(`expected what check() returns (or a CheckResult), got ${typeof received === 'object' ? JSON.stringify(received)?.slice(0, 80) : String(received)}`);
}

function property(c: Checked, id: string): PropertyResult {
  const p = c.result.properties.find((x) => x.id === id);
  // Not in the result and not built in: a typo, not a property the check was limited away from.
  if (p === undefined && !(PROPERTY_IDS as readonly string[]).includes(id)) {
    const own = c.result.properties.map((x) => x.id).filter((x) => !(PROPERTY_IDS as readonly string[]).includes(x));
    throw new TypeError(`unknown property '${id}'; known: ${[...PROPERTY_IDS, ...own].join(', ')}`);
  }
  if (p === undefined) throw new Error(`${id} was not checked (the check was limited to ${c.result.properties.map((x) => x.id).join(', ')})`);
  return p;
}

/** The verdict, why, where, and the counterexample — or every problem, each with where it is — as the text report prints them. */
export function explain(c: Checked, p: PropertyResult): string {
  const lines = [`${p.id}: ${p.verdict}${p.reason === undefined ? '' : ` — ${p.reason}${moreProblems(p)}`}`];
  const at = (ptr: string) => {
    const found = locate(c.positions, ptr);
    return `  at ${c.result.file}:${found.line}:${found.col} (${ptr})`;
  };
  const runs = shownRuns(p);
  if (runs.some((r) => r.oneOfMany)) {
    for (const run of runs) lines.push(`${run.title}: ${run.reason ?? ''}`, at(run.pointer ?? ''), ...renderCounterexample(run.counterexample));
    return lines.join('\n');
  }
  if (p.pointer !== undefined) lines.push(at(p.pointer));
  const cx = p.counterexample;
  if (cx !== undefined) lines.push(`counterexample${cx.path === null ? '' : ` (path ${cx.path})`}:`, ...renderCounterexample(cx));
  return lines.join('\n');
}

export function toHaveVerdict(received: unknown, id: string, verdict: Verdict): MatcherResult {
  const c = checked(received);
  const p = property(c, id);
  const pass = p.verdict === verdict;
  return {
    pass,
    message: () =>
      pass
        ? `expected ${id} not to be ${verdict} in ${c.result.file}, but it is\n\n${explain(c, p)}`
        : `expected ${id} to be ${verdict} in ${c.result.file}, but it is ${p.verdict}\n\n${explain(c, p)}`,
  };
}

export function toHold(received: unknown, id: string): MatcherResult {
  return toHaveVerdict(received, id, 'holds');
}

/** Violated: the property named, or without one any property at all. */
export function toBeViolated(received: unknown, id?: string): MatcherResult {
  if (id !== undefined) return toHaveVerdict(received, id, 'violated');
  const c = checked(received);
  const violated = c.result.properties.filter((p) => p.verdict === 'violated');
  const pass = violated.length > 0;
  return {
    pass,
    message: () =>
      pass
        ? `expected no property to be violated in ${c.result.file}, but ${violated.map((p) => p.id).join(', ')} ${violated.length === 1 ? 'is' : 'are'}\n\n${violated.map((p) => explain(c, p)).join('\n\n')}`
        : `expected some property to be violated in ${c.result.file}, but none is: ${c.result.properties.map((p) => `${p.id} ${p.verdict}`).join(', ')}`,
  };
}

/** What exit code 0 means: no violation the file does not expect, every `expect` met, nothing left open. */
export function toPass(received: unknown): MatcherResult {
  const c = checked(received);
  const bad = c.result.properties.filter((p) => isFailure(p) || isInconclusive(p));
  const pass = bad.length === 0;
  const expectation = (p: PropertyResult) => (p.expected === undefined ? '' : ` (expected ${p.expected})`);
  return {
    pass,
    message: () =>
      pass
        ? `expected the check of ${c.result.file} to fail, but every verdict is fine: ${c.result.properties.map((p) => `${p.id} ${p.verdict}`).join(', ')}`
        : `expected the check of ${c.result.file} to pass, but:\n${bad.map((p) => `  ${p.id} is ${p.verdict}${expectation(p)}`).join('\n')}\n\n${bad.map((p) => explain(c, p)).join('\n\n')}`,
  };
}

/** For `loadTopology(...)` results (and `check` outcomes): loaded, or the errors with their lines. */
export function toLoad(received: unknown): MatcherResult {
  if (!isObject(received) || typeof received.ok !== 'boolean') throw new TypeError('expected what loadTopology() or check() returns');
  const errors = received.ok ? [] : ((received.errors ?? []) as LoadError[]);
  return {
    pass: received.ok,
    message: () =>
      received.ok ? 'expected the topology not to load, but it did' : `expected the topology to load, but:\n${errors.map((e) => `  ${formatLoadError(e)}`).join('\n')}`,
  };
}
