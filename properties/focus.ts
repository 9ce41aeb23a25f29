/**
 * A counterexample cut to what its violation needs: the steps of the messages it is about, and of
 * the fault flips only those their steps see. The engine's run interleaves every message and every
 * transient fault; a lasso's cycle even walks every transition of its bottom component (that is
 * what makes it a fair run), so a counterexample about carol can walk through alice's delivery and
 * end in a dozen gateways going down and coming back that carol never meets.
 *
 * Why the cut run is still a run of the model, replayable on its own: a message's step reads
 * nothing of the others — only its own state and, when it connects, whether the host it reaches is
 * down — and whether it may step at all does not depend on the fault bits (models/system/
 * mailSystem.ts `choicesOf`). So dropping the other messages' steps changes nothing the focused
 * messages do; and a fault flip matters to them only through the bits their connections read.
 * Which host a step reads is asked of the model itself (flip the bit, step again, compare), so a
 * connection through a CNAME reads the host it really reaches. Of each host's flips, those that
 * keep every such read as it was are kept: between two reads, an odd number of flips is one flip,
 * an even number none. In a lasso the cycle's start counts as a read of every host read inside the
 * cycle, so the cut cycle closes; a covering cycle has a focused message read each transient host
 * both up and down wherever it can (a flip is always enabled), so the flips those reads need are
 * the flips its fairness needs.
 *
 * Then what repeats is taken out: in the prefix, any stretch that comes back to a state it left
 * (the focused messages retried while others moved); in the cycle, any stretch that comes back to a
 * state it left and holds no step of theirs the rest of the cycle does not take as well — the same
 * step from the same local state, reading the same bits — so the cut cycle still shows everything
 * the full one has them do, each once, with the flips that lead from one to the next.
 *
 * The cut run is replayed on the model step by step, each focused step checked to read exactly as
 * in the full run and the cut cycle checked to close; if anything differed the full run is shown,
 * never a wrong one. Its path replays with `mxproof replay`.
 */
import type { MailSystem } from '../models/system/mailSystem.js';
import { messageKey } from '../models/system/messageKey.js';
import type { SystemAction, SystemState } from '../models/system/types.js';
import { encodePath } from '../src/checker/path.js';
import type { Trace } from '../src/checker/result.js';
import type { Focus } from './result.js';

/** Past this many steps a counterexample is shown whole: the cut costs a replay and quadratic searches. */
const MAX_STEPS = 5_000;
/** Past this many (step, transient host) pairs to ask "does this step read this host" it is shown whole too. */
const MAX_READ_QUESTIONS = 200_000;
/** Past this many steps a cut cycle keeps its repeats: removing them is quadratic in its length. */
const MAX_CYCLE = 2_000;

const sameStep = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sameAction = (a: SystemAction, b: SystemAction) =>
  a.kind === 'fault' ? b.kind === 'fault' && a.host === b.host : b.kind === 'message' && a.message === b.message && a.choice === b.choice;

export function focusOf(trace: Trace<SystemState, SystemAction>, system: MailSystem, messages: readonly number[]): Focus | undefined {
  const n = trace.actions.length;
  if (n === 0 || n > MAX_STEPS || messages.length === 0) return undefined;
  const own = (a: SystemAction) => a.kind === 'message' && messages.includes(a.message);
  const keep = trace.actions.map(own);
  if (keep.every(Boolean)) {
    // Nothing but the focused messages' own steps: what can go is only what repeats in a cycle.
    if (trace.loopsFrom === null) return undefined;
  }
  // Only hosts whose fault flips in this run can have a read that matters.
  const flipping = [...new Set(trace.actions.flatMap((a) => (a.kind === 'fault' ? [a.host] : [])))];
  if (keep.filter(Boolean).length * flipping.length > MAX_READ_QUESTIONS) return undefined;
  const reads = trace.actions.map((a, i) => (own(a) && flipping.length > 0 ? readsOf(trace, system, i, flipping) : []));
  keepNeededFlips(trace, keep, reads);

  const kept = keep.flatMap((k, i) => (k ? [i] : []));
  const loopStart = trace.loopsFrom === null ? null : kept.filter((i) => i < trace.loopsFrom!).length;
  // Every step kept (a lasso of the focused messages alone): the run is the engine's own.
  const run = kept.length === n ? { states: trace.states, indices: trace.actionIndices } : replayKept(trace, system, kept);
  if (run === null) return undefined;
  let cycleFrom = loopStart;
  if (loopStart !== null) {
    // The cut cycle must come back to where it started.
    if (system.fingerprint(run.states[loopStart]!) !== system.fingerprint(run.states.at(-1)!)) return undefined;
    if (loopStart === kept.length) {
      // The focused messages take no step in the cycle: they have none left (the full cycle walks
      // every transition of its component), so the cut run just ends where they stop.
      const last = run.states.at(-1)!;
      if (messages.some((m) => system.choicesOf(last.messages[m]!, m).length > 0)) return undefined;
      cycleFrom = null;
    }
  }
  const fps = run.states.map((s) => system.fingerprint(s));
  const all = kept.map((_i, k) => k);
  // A safety run keeps its last step, the one that breaks the property, whatever state it leads to.
  const prefixEnd = cycleFrom ?? (trace.loopsFrom === null ? kept.length - 1 : kept.length);
  const prefix = eraseLoops(all.slice(0, prefixEnd), fps, prefixEnd);
  let rest = all.slice(prefixEnd);
  if (cycleFrom !== null && rest.length <= MAX_CYCLE) {
    const keys = kept.map((i) => transitionKey(trace, i, reads[i]!));
    rest = reduceCycle(rest, fps, keys, kept.length);
  }
  const positions = [...prefix, ...rest];
  if (positions.length === n) return undefined;

  // The final cut, replayed once more from the start: its path is what `mxproof replay` takes.
  const chosen = positions.map((k) => kept[k]!);
  const final = replayKept(trace, system, chosen);
  if (final === null) return undefined;
  const finalLoop = cycleFrom === null ? null : prefix.length;
  if (finalLoop !== null && system.fingerprint(final.states[finalLoop]!) !== system.fingerprint(final.states.at(-1)!)) return undefined;
  return {
    messages: [...messages],
    recipients: messages.map((m) => system.topology.messages[m]!.to),
    steps: chosen.map((i) => i + 1),
    loopsFrom: finalLoop === null ? null : chosen[finalLoop]! + 1,
    path: encodePath(trace.initial, final.indices),
  };
}

/** Which of `hosts` step `i` (a focused message's) reads: flipping one's bit changes what the step does. */
function readsOf(trace: Trace<SystemState, SystemAction>, system: MailSystem, i: number, hosts: readonly number[]): number[] {
  const action = trace.actions[i]!;
  if (action.kind !== 'message') return [];
  const state = trace.states[i]!;
  const msg = state.messages[action.message]!;
  const step = (down: readonly boolean[]) => system.stepOf(action.message, msg, action.choice, down);
  const base = step(state.down);
  return hosts.filter((h) => {
    const down = state.down.slice();
    down[h] = !down[h];
    return !sameStep(step(down), base);
  });
}

/**
 * Marks, per transient host, the flips that keep every read of it by a focused step as it was:
 * between consecutive reads, the last flip when their number is odd. In a lasso whose cycle reads
 * the host, the cycle's start and end count as reads too.
 */
function keepNeededFlips(trace: Trace<SystemState, SystemAction>, keep: boolean[], readsAt: readonly number[][]): void {
  const n = trace.actions.length;
  const reads = new Map<number, number[]>();
  readsAt.forEach((hosts, i) => {
    for (const h of hosts) reads.set(h, [...(reads.get(h) ?? []), i]);
  });
  const loop = trace.loopsFrom;
  for (const [host, at] of reads) {
    const points = loop !== null && at.some((i) => i >= loop) ? [...new Set([...at, loop, n])].sort((a, b) => a - b) : at;
    let from = 0;
    for (const point of points) {
      const flips: number[] = [];
      for (let i = from; i < point; i++) {
        const a = trace.actions[i]!;
        if (a.kind === 'fault' && a.host === host) flips.push(i);
      }
      if (flips.length % 2 === 1) keep[flips.at(-1)!] = true;
      from = point;
    }
  }
}

interface Replayed {
  states: SystemState[];
  /** Each taken action's index among those enabled where it was taken. */
  indices: number[];
}

/**
 * What a focused message's step does, for telling its transitions apart in a cycle: its local
 * state, its choice, and the bits of the hosts it reads (the rest of the world it does not see).
 * A fault flip has no key: the cycle keeps flips only as the way between its messages' steps.
 */
function transitionKey(trace: Trace<SystemState, SystemAction>, i: number, reads: readonly number[]): string | null {
  const action = trace.actions[i]!;
  if (action.kind !== 'message') return null;
  const state = trace.states[i]!;
  const bits = reads.map((h) => `${h}${state.down[h] ? 'd' : 'u'}`).join(',');
  return `${action.message}${messageKey(state.messages[action.message]!)}#${action.choice}#${bits}`;
}

/** Replays the actions at `chosen` (indices into the trace) alone; null if one is not enabled or a focused step reads differently. */
function replayKept(trace: Trace<SystemState, SystemAction>, system: MailSystem, chosen: readonly number[]): Replayed | null {
  let state = system.initialStates()[trace.initial]!;
  const out: Replayed = { states: [state], indices: [] };
  for (const i of chosen) {
    const action = trace.actions[i]!;
    const index = system.actions(state).findIndex((a) => sameAction(a, action));
    if (index < 0) return null;
    const next = system.next(state, action);
    // The engine keeps one description per state, not per transition: ask for this one afresh.
    if (action.kind === 'message' && !sameStep(next.step, system.next(trace.states[i]!, action).step)) return null;
    out.indices.push(index);
    out.states.push(next);
    state = next;
  }
  return out;
}

/**
 * Loop erasure on the positions `0 .. end - 1` of the cut run (whose states are `fps[0 .. end]`):
 * where a state comes back, the stretch between is dropped. The state at `end` is kept.
 */
function eraseLoops(positions: readonly number[], fps: readonly string[], end: number): number[] {
  const path: number[] = [];
  const at = new Map<string, number>();
  for (const p of positions) {
    const seen = at.get(fps[p]!);
    if (seen !== undefined) {
      for (const dropped of path.splice(seen)) at.delete(fps[dropped]!);
    }
    at.set(fps[p]!, path.length);
    path.push(p);
  }
  // The stretch from a kept state straight to the end state, when the end came earlier.
  const seenEnd = at.get(fps[end]!);
  if (seenEnd !== undefined) path.splice(seenEnd);
  return path;
}

/**
 * Drops stretches of the cycle that return to a state they left and take only steps of the focused
 * messages the rest of the cycle takes as well (fault flips are free to go) (from each position, the longest such stretch, later ones first), until
 * none is left.
 * `positions` start at the cycle's first position; `end` is the position whose state closes it.
 */
function reduceCycle(positions: readonly number[], fps: readonly string[], keys: readonly (string | null)[], end: number): number[] {
  const cycle = positions.slice();
  const total = new Map<string, number>();
  for (const p of cycle) if (keys[p] !== null) total.set(keys[p]!, (total.get(keys[p]!) ?? 0) + 1);
  const stateAt = (k: number) => fps[k < cycle.length ? cycle[k]! : end]!;
  // From the end backwards, so the cycle keeps the first time each transition is taken.
  for (let i = cycle.length - 1; i >= 0; ) {
    const inStretch = new Map<string, number>();
    let best = -1;
    for (let j = i + 1; j <= cycle.length && j - i < cycle.length; j++) {
      const key = keys[cycle[j - 1]!]!;
      if (key !== null) {
        const count = (inStretch.get(key) ?? 0) + 1;
        // Every stretch from here on would take this step's last occurrence out of the cycle.
        if (count === total.get(key)) break;
        inStretch.set(key, count);
      }
      if (stateAt(j) === stateAt(i)) best = j;
    }
    if (best < 0) {
      i--;
      continue;
    }
    for (const p of cycle.splice(i, best - i)) if (keys[p] !== null) total.set(keys[p]!, total.get(keys[p]!)! - 1);
    i = Math.min(i, cycle.length - 1);
  }
  return cycle;
}
