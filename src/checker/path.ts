/**
 * A path is a value: which initial state, then which enabled action at each step, by index. It
 * encodes to a short string that survives copy and paste from a terminal or a CI log, and replays
 * against the model to rebuild the run, so a counterexample can be re-examined without re-checking.
 *
 * Format: `<initial>:<a0>.<a1>.…` — decimal, non-negative integers. `<initial>` indexes
 * `model.initialStates()`, each `<ai>` indexes `model.actions(state)` at that step. A path of no
 * steps is `<initial>:` (e.g. `0:`), so the colon always tells a path from a bare number.
 * Example: `0:3.0.12.1`. A run of the same index three or more times is written `<a>*<count>`
 * (`0:0*250.1` is 250 zeros then a 1): retry cycles and hop-count loops make long runs of the one
 * enabled action, and a path must stay short enough to paste.
 */
import type { Model } from './model.js';

export interface PathValue {
  initial: number;
  actionIndices: number[];
}

export type DecodedPath = ({ ok: true } & PathValue) | { ok: false; error: string; tooLong?: true };

/**
 * `atStep` is the position in `actionIndices` of the step that could not be taken; -1 when the
 * path is malformed or its initial index does not name an initial state.
 */
export type ReplayResult<S, A> =
  | { ok: true; initial: number; actionIndices: number[]; states: S[]; actions: A[] }
  | { ok: false; error: string; atStep: number };

export function encodePath(initial: number, actionIndices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < actionIndices.length; ) {
    let j = i;
    while (j < actionIndices.length && actionIndices[j] === actionIndices[i]) j++;
    const run = j - i;
    if (run >= 3) parts.push(`${actionIndices[i]}*${run}`);
    else for (let k = i; k < j; k++) parts.push(String(actionIndices[k]));
    i = j;
  }
  return `${initial}:${parts.join('.')}`;
}

/** Longest run a path may expand to: a typo like `0*99999999999` must not exhaust memory. */
const MAX_RUN = 10_000_000;

const NUMBER = /^(0|[1-9][0-9]*)$/;

function parseIndex(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** Decodes a path; one that expands past `maxSteps` is refused before anything is expanded. */
export function decodePath(text: string, maxSteps = MAX_RUN): DecodedPath {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) {
    return { ok: false, error: `a path looks like "0:3.0.12.1" (initial state, then action indices); got "${text}"` };
  }
  const initial = parseIndex(trimmed.slice(0, colon));
  if (initial === null) {
    return { ok: false, error: `the initial index "${trimmed.slice(0, colon)}" is not a non-negative integer` };
  }
  const rest = trimmed.slice(colon + 1);
  const actionIndices: number[] = [];
  if (rest.length > 0) {
    const parts = rest.split('.');
    for (let i = 0; i < parts.length; i++) {
      const [indexText, countText, extra] = parts[i]!.split('*');
      const index = parseIndex(indexText!);
      const count = countText === undefined ? 1 : parseIndex(countText);
      if (index === null || count === null || count === 0 || extra !== undefined) {
        return { ok: false, error: `part ${i}: "${parts[i]}" is neither an action index nor a run like "0*12"` };
      }
      if (actionIndices.length + count > maxSteps) return { ok: false, error: `the path is longer than ${maxSteps} steps`, tooLong: true };
      for (let k = 0; k < count; k++) actionIndices.push(index);
    }
  }
  return { ok: true, initial, actionIndices };
}

/** Rebuilds the run a path names; a path that does not fit the model is an error, never a throw. */
export function replay<S, A>(model: Model<S, A>, path: string | PathValue): ReplayResult<S, A> {
  let value: PathValue;
  if (typeof path === 'string') {
    const decoded = decodePath(path);
    if (!decoded.ok) return { ok: false, error: decoded.error, atStep: -1 };
    value = decoded;
  } else {
    value = path;
  }
  const initials = model.initialStates();
  const first = initials[value.initial];
  if (!Number.isInteger(value.initial) || first === undefined) {
    return {
      ok: false,
      error: `initial index ${value.initial} is out of range: the model has ${initials.length} initial state(s)`,
      atStep: -1,
    };
  }
  const states: S[] = [first];
  const actions: A[] = [];
  let state: S = first;
  for (let step = 0; step < value.actionIndices.length; step++) {
    const index = value.actionIndices[step]!;
    const enabled = model.actions(state);
    const action = enabled[index];
    if (!Number.isInteger(index) || action === undefined) {
      return {
        ok: false,
        error: `step ${step}: action index ${index} is out of range: the state has ${enabled.length} enabled action(s)`,
        atStep: step,
      };
    }
    state = model.next(state, action);
    actions.push(action);
    states.push(state);
  }
  return { ok: true, initial: value.initial, actionIndices: [...value.actionIndices], states, actions };
}
