/**
 * One recipient's journey as a table: its local states (a MessageState each, interned to a small
 * integer) and, per state, the steps it can take. A step reads the world only through whether
 * the host it connects to is down, so each step is stored with that host (when it is a transient
 * fault) and its outcome both ways: up and down. The composed system then steps a message by
 * looking up two integers; XState's `transition()` and the step functions run once per local
 * step ever met, not once per global state.
 *
 * Rows are built lazily, the first time the engine expands a global state holding that local
 * state, so budgets and early stops cut the table work short too.
 */
import { labelOf } from './labels.js';
import { messageKey } from './messageKey.js';
import type { StepResult } from './messageStep.js';
import type { MessageState } from './types.js';

/** Local-state flags. */
export const TRUNCATED = 1;
export const DELIVERED = 2;

export interface LocalWorld {
  /** The choices of the message in `msg`, in action order. */
  choices(msg: MessageState): number[];
  /** The step taken with `choice`, the hosts being down as `down` says. */
  step(msg: MessageState, choice: number, down: readonly boolean[]): StepResult;
  /** Whether the message has arrived in `msg` (MailSystem.isDelivered). */
  delivered(msg: MessageState): boolean;
  /** Which hosts are down when no transient fault is (the `down` faults). */
  readonly baseDown: readonly boolean[];
  /** Bit of each host index that is a transient fault, -1 for the others. */
  readonly transientBit: readonly number[];
}

const grow = (a: Int32Array, need: number): Int32Array => {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
};

export class LocalSpace {
  readonly states: MessageState[] = [];
  private readonly ids = new Map<string, number>();
  /** Per local state: TRUNCATED, DELIVERED. */
  // Small to start with, doubling as they fill: a provider's file has a table per customer.
  flags: Int32Array = new Int32Array(16);
  /** Per local state: its steps are `start .. end`; start is -1 until built. */
  start: Int32Array = new Int32Array(16);
  end: Int32Array = new Int32Array(16);
  /** Per step: transient bit it reads (-1: none), next local state and label when that host is up / down. */
  dep: Int32Array = new Int32Array(32);
  nextUp: Int32Array = new Int32Array(32);
  nextDown: Int32Array = new Int32Array(32);
  labelUp: Int32Array = new Int32Array(32);
  labelDown: Int32Array = new Int32Array(32);
  private steps = 0;
  /** Most choices any local state built so far has. */
  maxChoices = 0;

  constructor(private readonly world: LocalWorld) {}

  intern(msg: MessageState): number {
    const key = messageKey(msg);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.states.length;
      this.ids.set(key, id);
      this.states.push(msg);
      this.flags = grow(this.flags, id + 1);
      this.start = grow(this.start, id + 1);
      this.end = grow(this.end, id + 1);
      this.flags[id] = (msg.truncated ? TRUNCATED : 0) | (this.world.delivered(msg) ? DELIVERED : 0);
      this.start[id] = -1;
    }
    return id;
  }

  /** The id of `msg` when it is interned, else -1. */
  find(msg: MessageState): number {
    return this.ids.get(messageKey(msg)) ?? -1;
  }

  /** Builds the steps of local state `id` unless they are built. */
  ensure(id: number): void {
    if (this.start[id]! >= 0) return;
    const msg = this.states[id]!;
    const { world } = this;
    const from = this.steps;
    const choices = msg.truncated ? [] : world.choices(msg);
    if (choices.length > this.maxChoices) this.maxChoices = choices.length;
    for (const choice of choices) {
      const reads: number[] = [];
      const watched = new Proxy(world.baseDown as boolean[], {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^[0-9]+$/.test(key)) reads.push(Number(key));
          return Reflect.get(target, key, receiver);
        },
      });
      const up = world.step(msg, choice, watched);
      const transient = reads.filter((h) => world.transientBit[h]! >= 0);
      if (transient.length > 1) throw new Error('a message step may depend on one host only');
      let down = up;
      let bit = -1;
      if (transient.length === 1) {
        // The same world with that one host down: an overlay, not a copy (a provider's file has
        // tens of thousands of hosts, and a table has a step like this per local state).
        const host = String(transient[0]!);
        const downs = new Proxy(world.baseDown as boolean[], {
          get: (target, key, receiver) => (key === host ? true : Reflect.get(target, key, receiver)),
        });
        down = world.step(msg, choice, downs);
        bit = world.transientBit[transient[0]!]!;
      }
      this.push(bit, this.intern(up.message), this.intern(down.message), labelOf(up.effects), labelOf(down.effects));
    }
    this.start[id] = from;
    this.end[id] = this.steps;
  }

  private push(dep: number, nextUp: number, nextDown: number, labelUp: number, labelDown: number): void {
    const e = this.steps++;
    this.dep = grow(this.dep, e + 1);
    this.nextUp = grow(this.nextUp, e + 1);
    this.nextDown = grow(this.nextDown, e + 1);
    this.labelUp = grow(this.labelUp, e + 1);
    this.labelDown = grow(this.labelDown, e + 1);
    this.dep[e] = dep;
    this.nextUp[e] = nextUp;
    this.nextDown[e] = nextDown;
    this.labelUp[e] = labelUp;
    this.labelDown[e] = labelDown;
  }

  get size(): number {
    return this.states.length;
  }

  /**
   * Builds every local state reachable from those interned so far, unless there are more than
   * `cap`: then it stops and answers false (the rest is built lazily, as it is met).
   */
  enumerate(cap: number): boolean {
    for (let id = 0; id < this.states.length; id++) {
      if (this.states.length > cap) return false;
      this.ensure(id);
    }
    return this.states.length <= cap;
  }
}
