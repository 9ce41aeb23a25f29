/**
 * The composed mail system in packed form (src/checker/packed.ts), what the engine explores: a
 * global state is the transient hosts' down bits and, per message, its local-state number in its
 * recipient's LocalSpace, packed as bit fields into as few 32-bit words as they fit (one, for
 * most topologies). The recipients' local spaces are enumerated first, which sizes the fields;
 * one too large to enumerate gets a whole word and is built as it is met. Stepping a message is a
 * table lookup — which transient bit its step reads, and the next local state either way — and a
 * fault flips one bit, so no object is made and no XState transition runs for a state already
 * met. `decode` turns words back into a SystemState for counterexamples.
 *
 * Successors are listed in `MailSystem.actions` order (messages by index, each by its choices,
 * then fault flips by host index), so action indices, paths and traces are the object model's.
 *
 * Each message is a part of its own and the transient faults are the environment (independence.ts):
 * a message's run lists its own steps and the flips of the faults it may connect to.
 */
import type { PackedEnvironment, PackedModel } from '../../src/checker/packed.js';
import { nextHopOf } from '../machines/env.js';
import { ALL_VALID_DELIVERED, HALTED } from './labels.js';
import { DELIVERED, LocalSpace, TRUNCATED } from './localSpace.js';
import { faultReads, type FaultReads } from './independence.js';
import type { MailWorld } from './world.js';
import { MailPartView } from './partView.js';
import { findSymmetry, type MailSymmetry } from './symmetry.js';
import type { SystemState } from './types.js';

/** Local states enumerated up front per recipient; past this, a message's field is a whole word. */
const ENUMERATE_CAP = 1 << 14;

/** Where a field sits: word, bit shift, and its mask before shifting. */
interface Field {
  word: number;
  shift: number;
  mask: number;
}

/** Packs fields of the given bit widths into words, never splitting one across two words. */
function layout(bits: readonly number[]): { fields: Field[]; width: number } {
  let word = 0;
  let used = 0;
  const fields = bits.map((b) => {
    if (used + b > 32) {
      word++;
      used = 0;
    }
    const field = { word, shift: used, mask: b >= 32 ? -1 : (1 << b) - 1 };
    used += b;
    return field;
  });
  return { fields, width: Math.max(1, word + (used > 0 ? 1 : 0)) };
}

export class MailPacked implements PackedModel<SystemState> {
  readonly width: number;
  readonly initialCount = 1;
  readonly halted = HALTED;
  readonly maxSuccessors: number;
  private readonly partSuccessors: number[];
  readonly parts: number;
  private readonly spaces: LocalSpace[];
  private readonly valid: boolean[];
  private readonly baseDown: boolean[];
  private readonly transient: readonly number[];
  private readonly initialIds: number[];
  /** Per message, the transient faults it may connect to. */
  private readonly reads: FaultReads;
  /** Every transient fault's bit, 0 .. t - 1: what the whole model flips. */
  private readonly allBits: number[];
  readonly environment: PackedEnvironment;
  private readonly transientBit: number[];
  /** Every recipient's table was enumerated whole (symmetry is verified on all of it). */
  private readonly complete: boolean;
  private symmetryGroup: MailSymmetry | null | undefined;
  /** What finding the group cost: local states visited verifying swaps, against its budget (symmetry.ts). */
  readonly symmetryWork = { visited: 0, budget: 0 };
  /** Field of each transient bit, then of each message. */
  private readonly bitWord: Int32Array;
  private readonly bitShift: Int32Array;
  private readonly msgWord: Int32Array;
  private readonly msgShift: Int32Array;
  private readonly msgMask: Int32Array;
  private readonly fieldBits: number[];
  /** Per message, the actions of every message before it at their initial state (and last, of all). */
  private initialActions: Float64Array | undefined;
  private initialWordsCache: Int32Array | undefined;

  static of(system: MailWorld): MailPacked {
    return new MailPacked(system);
  }

  private constructor(private readonly system: MailWorld) {
    const { topology } = system;
    this.transient = system.transient;
    const [initial] = system.initialStates();
    this.baseDown = initial!.down.slice();
    const transientBit = system.names.map(() => -1);
    this.transient.forEach((host, bit) => (transientBit[host] = bit));

    // One table per recipient: messages to the same address share their journeys.
    const byRcpt = new Map<string, LocalSpace>();
    this.spaces = topology.messages.map((m, i) => {
      let space = byRcpt.get(m.to);
      if (space === undefined) {
        space = new LocalSpace({
          choices: (msg) => system.choicesOf(msg, i),
          step: (msg, choice, down) => system.stepOf(i, msg, choice, down),
          delivered: (msg) => system.isDelivered(msg, i),
          baseDown: this.baseDown,
          transientBit,
        });
        byRcpt.set(m.to, space);
      }
      return space;
    });
    this.valid = topology.messages.map((_, i) => system.isRecipientValid(i));
    this.initialIds = initial!.messages.map((msg, i) => this.spaces[i]!.intern(msg));
    const complete = new Map([...byRcpt.values()].map((space) => [space, space.enumerate(ENUMERATE_CAP)]));
    this.complete = [...complete.values()].every(Boolean);
    this.transientBit = transientBit;

    const bits = [
      ...this.transient.map(() => 1),
      ...this.spaces.map((space) => (complete.get(space) ? Math.max(1, Math.ceil(Math.log2(space.size))) : 32)),
    ];
    this.fieldBits = bits.slice(this.transient.length);
    const { fields, width } = layout(bits);
    this.width = width;
    const t = this.transient.length;
    this.bitWord = Int32Array.from(fields.slice(0, t), (f) => f.word);
    this.bitShift = Int32Array.from(fields.slice(0, t), (f) => f.shift);
    this.msgWord = Int32Array.from(fields.slice(t), (f) => f.word);
    this.msgShift = Int32Array.from(fields.slice(t), (f) => f.shift);
    this.msgMask = Int32Array.from(fields.slice(t), (f) => f.mask);

    this.reads = faultReads(system, initial!.messages.map((msg) => msg.holder));
    // No step offers more choices than its host has next-hop candidates, and a message only ever
    // steps at the hosts it may reach (asking every host would make a provider's file quadratic).
    const choicesOf = topology.messages.map((m, i) => {
      let choices = 1;
      for (const h of this.reads.hosts[i]!) choices = Math.max(choices, candidatesOf(system, h, m.to));
      return choices;
    });
    this.maxSuccessors = choicesOf.reduce((sum, c) => sum + c, t);
    this.parts = topology.messages.length;
    this.allBits = this.transient.map((_, bit) => bit);
    // Per message: its choices and the flips of the faults it reads. A thousand messages each
    // need a buffer for one message's moves, not for everybody's.
    this.partSuccessors = choicesOf.map((c, i) => c + this.reads.ofMessage[i]!.length);
    const { bitWord, bitShift, reads } = this;
    this.environment = {
      bits: t,
      readsOf: (part) => reads.ofMessage[part]!,
      value: (state, at, bit) => (state[at + bitWord[bit]!]! >>> bitShift[bit]!) & 1,
    };
  }

  /** The part that is message `message` alone (ExploreOptions.onlyParts): check one message. */
  partOfMessage(message: number): number {
    return message;
  }

  private local(state: Int32Array, at: number, i: number): number {
    return (state[at + this.msgWord[i]!]! >>> this.msgShift[i]!) & this.msgMask[i]!;
  }

  private isDown(state: Int32Array, at: number, bit: number): boolean {
    return ((state[at + this.bitWord[bit]!]! >>> this.bitShift[bit]!) & 1) === 1;
  }

  initial(_i: number, out: Int32Array, at: number): void {
    out.fill(0, at, at + this.width);
    this.initialIds.forEach((id, i) => {
      const w = at + this.msgWord[i]!;
      out[w] = out[w]! | (id << this.msgShift[i]!);
    });
  }

  successors(state: Int32Array, at: number, out: Int32Array, labels: Int32Array, actionIndices: Int32Array, part: number): number {
    const { width, spaces, msgWord, msgShift, msgMask, bitWord, bitShift } = this;
    const messages = spaces.length;
    for (let i = 0; i < messages; i++) {
      if ((spaces[i]!.flags[(state[at + msgWord[i]!]! >>> msgShift[i]!) & msgMask[i]!]! & TRUNCATED) !== 0) return 0;
    }
    let n = 0;
    let action = 0;
    for (let i = 0; i < messages; i++) {
      const space = spaces[i]!;
      const word = msgWord[i]!;
      const shift = msgShift[i]!;
      const mask = msgMask[i]!;
      const local = (state[at + word]! >>> shift) & mask;
      space.ensure(local);
      const first = space.start[local]!;
      const last = space.end[local]!;
      if (part >= 0 && i !== part) {
        action += last - first;
        continue;
      }
      const { dep, nextUp, nextDown, labelUp, labelDown } = space;
      const keep = ~(mask << shift);
      for (let e = first; e < last; e++) {
        const bit = dep[e]!;
        const down = bit >= 0 && ((state[at + bitWord[bit]!]! >>> bitShift[bit]!) & 1) === 1;
        const o = n * width;
        for (let w = 0; w < width; w++) out[o + w] = state[at + w]!;
        out[o + word] = (out[o + word]! & keep) | ((down ? nextDown[e]! : nextUp[e]!) << shift);
        labels[n] = down ? labelDown[e]! : labelUp[e]!;
        actionIndices[n++] = action++;
      }
    }
    // Fault flips follow every message's steps, by fault: flip `bit` is action `action + bit`. A
    // message's run flips only the faults it reads, and looks at no other.
    const flips = part >= 0 ? this.reads.ofMessage[part]! : this.allBits;
    for (let k = 0; k < flips.length; k++) {
      const bit = flips[k]!;
      const o = n * width;
      for (let w = 0; w < width; w++) out[o + w] = state[at + w]!;
      const word = o + bitWord[bit]!;
      out[word] = out[word]! ^ (1 << bitShift[bit]!);
      labels[n] = 0;
      actionIndices[n++] = action + bit;
    }
    return n;
  }

  flags(state: Int32Array, at: number, part: number): number {
    let halted = false;
    let delivered = true;
    for (let i = 0; i < this.spaces.length; i++) {
      if (part >= 0 && i !== part) continue;
      const f = this.spaces[i]!.flags[this.local(state, at, i)]!;
      if ((f & TRUNCATED) !== 0) halted = true;
      if (this.valid[i] && (f & DELIVERED) === 0) delivered = false;
    }
    return (halted ? HALTED : 0) | (delivered ? ALL_VALID_DELIVERED : 0);
  }

  decode(state: Int32Array, at: number): SystemState {
    const down = this.baseDown.slice();
    this.transient.forEach((host, bit) => {
      if (this.isDown(state, at, bit)) down[host] = true;
    });
    const messages = this.spaces.map((space, i) => space.states[this.local(state, at, i)]!);
    return { down, messages, effects: [], step: null };
  }

  /**
   * The symmetric hosts' group (symmetry.ts), found on first use: only safety-only runs ask.
   * None when a table was too large to enumerate, since a swap is verified on all of it.
   */
  get symmetry(): MailSymmetry | null {
    if (this.symmetryGroup === undefined) {
      this.symmetryGroup = this.complete
        ? findSymmetry(this.system, {
            width: this.width,
            spaces: this.spaces,
            msgWord: this.msgWord,
            msgShift: this.msgShift,
            msgMask: this.msgMask,
            bitWord: this.bitWord,
            bitShift: this.bitShift,
            initialIds: this.initialIds,
            baseDown: this.baseDown,
            transientBit: this.transientBit,
            reads: this.reads,
          }, this.symmetryWork)
        : null;
    }
    return this.symmetryGroup;
  }

  /** Message `part` alone, in states of its own (partView.ts): what a check of messages apart explores. */
  partView(part: number): MailPartView {
    if (this.initialActions === undefined) {
      // Each message's choices at its initial state, summed in order: the offsets of its actions.
      const sums = new Float64Array(this.spaces.length + 1);
      this.spaces.forEach((space, i) => {
        const id = this.initialIds[i]!;
        space.ensure(id);
        sums[i + 1] = sums[i]! + (space.end[id]! - space.start[id]!);
      });
      this.initialActions = sums;
    }
    const sums = this.initialActions;
    const space = this.spaces[part]!;
    const id = this.initialIds[part]!;
    const own = space.end[id]! - space.start[id]!;
    return new MailPartView({
      width: this.width,
      space,
      valid: this.valid[part]!,
      reads: this.reads.ofMessage[part]!,
      bitWord: this.bitWord,
      bitShift: this.bitShift,
      msgWord: this.msgWord[part]!,
      msgShift: this.msgShift[part]!,
      fieldBits: this.fieldBits[part]!,
      initialId: id,
      before: sums[part]!,
      others: sums[this.spaces.length]! - own,
      maxSuccessors: this.maxSuccessorsOf(part),
      initialWords: () => {
        if (this.initialWordsCache === undefined) {
          this.initialWordsCache = new Int32Array(this.width);
          this.initial(0, this.initialWordsCache, 0);
        }
        return this.initialWordsCache;
      },
      initialState: () => this.system.initialStates()[0]!,
      baseDown: this.baseDown,
      transient: this.transient,
      message: part,
      choicesOf: (msg) => this.system.choicesOf(msg, part),
      symmetry: () => {
        const group = this.symmetry;
        return group === null ? null : { group, part };
      },
    });
  }

  maxSuccessorsOf(part: number): number {
    return part < 0 ? this.maxSuccessors : Math.max(1, this.partSuccessors[part]!);
  }

  partMask(part: number): Int32Array {
    const mask = new Int32Array(this.width);
    mask[this.msgWord[part]!] = this.msgMask[part]! << this.msgShift[part]!;
    return mask;
  }

  /** Local states met so far, summed over the recipients' tables. */
  localStates(): number {
    return [...new Set(this.spaces)].reduce((sum, s) => sum + s.size, 0);
  }

  get model(): MailWorld {
    return this.system;
  }
}

/** How many next-hop candidates `host` has for `rcpt`. */
function candidatesOf(system: MailWorld, host: number, rcpt: string): number {
  const hop = nextHopOf(system.local.env(host), rcpt);
  return hop.kind === 'candidates' ? hop.candidates.length : 0;
}
