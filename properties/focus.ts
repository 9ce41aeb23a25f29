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
 * mailSystem.ts `choicesOf`). So the focused messages' steps can be chosen on their own local
 * states alone, and a fault flip matters to them only through the bits their connections read.
 *
 * First their steps: in the prefix, any stretch that comes back to a local state it left is
 * dropped (they retried while others moved); in the cycle, any stretch that comes back to the local
 * state it left and holds no step the rest of the cycle does not take as well — a step that reads
 * the same and sees the same bits — so the cut cycle still shows everything the full one has them
 * do, each once. Then the flips: which host a step reads is asked of the model itself (flip the bit,
 * step again, compare), so a connection through a CNAME reads the host it really reaches; of each
 * host's flips, those that keep every read of the chosen steps as it was are kept — between two
 * reads an odd number of flips is one flip, an even number none. In a lasso the cycle's start and
 * end count as reads of every host the chosen cycle reads, so it leaves each bit as it found it. A
 * covering cycle has a focused message read each transient host both up and down wherever it can
 * (a flip is always enabled), so the flips those reads need are the flips its fairness needs.
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
  const isOwn = (a: SystemAction) => a.kind === 'message' && messages.includes(a.message);
  // A safety run of the focused messages alone is a shortest run: nothing in it repeats.
  if (trace.loopsFrom === null && trace.actions.every(isOwn)) return undefined;
  // Only hosts whose fault flips in this run can have a read that matters.
  const flipping = [...new Set(trace.actions.flatMap((a) => (a.kind === 'fault' ? [a.host] : [])))];
  const own = trace.actions.flatMap((a, i) => (isOwn(a) ? [i] : []));
  if (own.length * flipping.length > MAX_READ_QUESTIONS) return undefined;
  const reads: number[][] = trace.actions.map(() => []);
  if (flipping.length > 0) for (const i of own) reads[i] = readsOf(trace, system, i, flipping);

  // The focused messages' own steps first, on their own local states: what repeats goes.
  const local = (i: number) => messages.map((m) => messageKey(trace.states[i]!.messages[m]!)).join('');
  const loop = trace.loopsFrom;
  let chosenOwn: number[];
  let cycleStartsAt: number | null = null;
  if (loop === null) {
    // A safety run keeps its last step, the one that breaks the property.
    const last = own.at(-1)!;
    chosenOwn = [...eraseLoops(own.slice(0, -1), local, local(last)), last];
  } else {
    const before = own.filter((i) => i < loop);
    const inCycle = own.filter((i) => i >= loop);
    if (local(loop) !== local(n)) return undefined;
    const prefix = eraseLoops(before, local, local(loop));
    if (inCycle.length === 0) {
      // The focused messages take no step in the cycle: they have none left (the full cycle walks
      // every transition of its component), so the cut run just ends where they stop.
      if (messages.some((m) => system.choicesOf(trace.states[n]!.messages[m]!, m).length > 0)) return undefined;
      chosenOwn = prefix;
    } else {
      const keys = new Map(inCycle.map((i) => [i, transitionKey(trace, system, i, reads[i]!)]));
      const cycle = inCycle.length <= MAX_CYCLE ? reduceCycle(inCycle, local, (i) => keys.get(i)!, local(loop)) : inCycle;
      chosenOwn = [...prefix, ...cycle];
      cycleStartsAt = loop;
    }
  }
  // Then the flips those steps read, and only those.
  const chosen = [...chosenOwn, ...neededFlips(trace, chosenOwn, reads, cycleStartsAt)].sort((a, b) => a - b);
  if (chosen.length === n) return undefined;

  // The cut run, replayed from the start: every step must be enabled and read as in the full run,
  // and a cut lasso must come back to the state its cycle starts in. Its path is what `mxproof
  // replay` takes.
  const run = replayKept(trace, system, chosen);
  if (run === null) return undefined;
  const finalLoop = cycleStartsAt === null ? null : chosen.findIndex((i) => i >= cycleStartsAt!);
  if (finalLoop !== null && system.fingerprint(run.states[finalLoop]!) !== system.fingerprint(run.states.at(-1)!)) return undefined;
  return {
    messages: [...messages],
    recipients: messages.map((m) => system.topology.messages[m]!.to),
    steps: chosen.map((i) => i + 1),
    loopsFrom: finalLoop === null ? null : chosen[finalLoop]! + 1,
    path: encodePath(trace.initial, run.indices),
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
 * Per transient host, the flips that keep every read of it by the chosen steps as it was in the full
 * run: between two consecutive reads, the last flip when their number is odd (an even number cancels
 * out). In a lasso whose chosen cycle reads the host, the cycle's start and end count as reads too,
 * so the cut cycle leaves every bit as it found it.
 */
function neededFlips(trace: Trace<SystemState, SystemAction>, chosenOwn: readonly number[], readsAt: readonly number[][], loop: number | null): number[] {
  const n = trace.actions.length;
  const reads = new Map<number, number[]>();
  for (const i of chosenOwn) for (const h of readsAt[i]!) reads.set(h, [...(reads.get(h) ?? []), i]);
  const out: number[] = [];
  for (const [host, at] of reads) {
    const points = loop !== null && at.some((i) => i >= loop) ? [...new Set([...at, loop, n])].sort((a, b) => a - b) : at;
    let from = 0;
    for (const point of points) {
      let last = -1;
      let count = 0;
      for (let i = from; i < point; i++) {
        const a = trace.actions[i]!;
        if (a.kind === 'fault' && a.host === host) {
          count++;
          last = i;
        }
      }
      if (count % 2 === 1) out.push(last);
      from = point;
    }
  }
  return out;
}

interface Replayed {
  states: SystemState[];
  /** Each taken action's index among those enabled where it was taken. */
  indices: number[];
}

/**
 * What a focused message's step does, as a reader tells its steps apart in a cycle: which message,
 * what the step says (who, to whom, at what depth, what), and the bits of the hosts it reads. Two
 * retries that print the same are the same thing to show, even where the state they start from
 * differs in what no step prints (the last reply remembered).
 */
function transitionKey(trace: Trace<SystemState, SystemAction>, system: MailSystem, i: number, reads: readonly number[]): string {
  const action = trace.actions[i]!;
  if (action.kind !== 'message') throw new Error('a fault flip has no transition key');
  const state = trace.states[i]!;
  const step = system.stepOf(action.message, state.messages[action.message]!, action.choice, state.down).step;
  const bits = reads.map((h) => `${h}${state.down[h] ? 'd' : 'u'}`).join(',');
  return JSON.stringify([action.message, step.kind, step.actor, step.peer, step.depth, step.text, bits]);
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
 * Loop erasure of a run of steps (trace indices, each with the state `key` before it) that ends in a
 * state whose key is `end`: where a state comes back, the stretch between is dropped.
 */
function eraseLoops(steps: readonly number[], key: (i: number) => string, end: string): number[] {
  const path: number[] = [];
  const at = new Map<string, number>();
  for (const i of steps) {
    const k = key(i);
    const seen = at.get(k);
    if (seen !== undefined) for (const dropped of path.splice(seen)) at.delete(key(dropped));
    at.set(k, path.length);
    path.push(i);
  }
  // The stretch from a kept state straight to the end state, when the end came earlier.
  const seenEnd = at.get(end);
  if (seenEnd !== undefined) path.splice(seenEnd);
  return path;
}

/**
 * Drops stretches of the cycle's steps that return to the state they left and take only steps the
 * rest of the cycle takes as well (from each position, the longest such stretch, later ones first),
 * until none is left. `key(i)` is the state before step i; `end` the state the cycle closes in.
 */
function reduceCycle(steps: readonly number[], key: (i: number) => string, what: (i: number) => string, end: string): number[] {
  const cycle = steps.slice();
  const total = new Map<string, number>();
  for (const i of cycle) total.set(what(i), (total.get(what(i)) ?? 0) + 1);
  const stateAt = (k: number) => (k < cycle.length ? key(cycle[k]!) : end);
  // From the end backwards, so the cycle keeps the first time each step is taken.
  for (let i = cycle.length - 1; i >= 0; ) {
    const inStretch = new Map<string, number>();
    let best = -1;
    for (let j = i + 1; j <= cycle.length && j - i < cycle.length; j++) {
      const w = what(cycle[j - 1]!);
      const count = (inStretch.get(w) ?? 0) + 1;
      // Every stretch from here on would take this step's last occurrence out of the cycle.
      if (count === total.get(w)) break;
      inStretch.set(w, count);
      if (stateAt(j) === stateAt(i)) best = j;
    }
    if (best < 0) {
      i--;
      continue;
    }
    for (const dropped of cycle.splice(i, best - i)) total.set(what(dropped), total.get(what(dropped))! - 1);
    i = Math.min(i, cycle.length - 1);
  }
  return cycle;
}
