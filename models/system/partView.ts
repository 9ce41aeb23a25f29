/**
 * One message of the packed mail system seen alone (PackedModel.partView): its local-state field
 * and the bits of the transient faults it may connect to, in a layout of their own — a word or
 * two, whatever the size of the file. The other messages rest at their initial state and the
 * faults it does not read stay up, so nothing of them needs storing; listing its moves reads its
 * own field only. A provider's file of ten thousand domains thus explores each message in states
 * of one word, not of the 2 500 words a whole state takes.
 *
 * Action indices are the whole system's (packed.ts lists messages by index, each by its choices,
 * then the fault flips): the other messages' choices at their initial state come before and
 * after this message's, a constant counted once. `decode` gives whole SystemStates, so paths and
 * counterexamples are runs of the whole file, and `lift` gives its whole packed words.
 */
import type { PackedEnvironment, PackedModel, PackedSymmetry, PartView } from '../../src/checker/packed.js';
import { ALL_VALID_DELIVERED, HALTED } from './labels.js';
import { DELIVERED, type LocalSpace, TRUNCATED } from './localSpace.js';
import type { MessageState, SystemAction, SystemState } from './types.js';

/** What a view needs of the whole packed system (packed.ts owns it). */
export interface ViewSource {
  readonly width: number;
  readonly space: LocalSpace;
  readonly valid: boolean;
  /** Global bits the message may read, ascending, and the whole layout's fields for them and for it. */
  readonly reads: readonly number[];
  readonly bitWord: Int32Array;
  readonly bitShift: Int32Array;
  readonly msgWord: number;
  readonly msgShift: number;
  /** Bits of the message's field. */
  readonly fieldBits: number;
  readonly initialId: number;
  /** Actions of the other messages at their initial state listed before this one's, and in all. */
  readonly before: number;
  readonly others: number;
  readonly maxSuccessors: number;
  /** The whole system's initial words, and its states. */
  initialWords(): Int32Array;
  initialState(): SystemState;
  readonly baseDown: readonly boolean[];
  readonly transient: readonly number[];
  readonly message: number;
  /** The message's choices in a local state, in action order (MailSystem.choicesOf). */
  choicesOf(msg: MessageState): number[];
  /** The whole model's symmetry acting within this message, found only when asked. */
  symmetry(): { group: PackedSymmetry; part: number } | null;
}

export class MailPartView implements PartView<SystemState> {
  readonly width: number;
  readonly halted = HALTED;
  readonly initialCount = 1;
  readonly parts = 1;
  readonly maxSuccessors: number;
  readonly environment: PackedEnvironment;
  /** Local position of a global bit (-1: not read); the bits read are few, so a scan finds it. */
  private readonly localOf = (bit: number): number => this.src.reads.indexOf(bit);
  private readonly fieldWord: number;
  private readonly fieldShift: number;
  private readonly fieldMask: number;
  private folded: PackedSymmetry | null | undefined;

  constructor(private readonly src: ViewSource) {
    const k = src.reads.length;
    // Read bits first, one each, then the field: a field of 32 bits gets a word of its own.
    const bitsWords = Math.ceil(k / 32);
    const fieldFits = k % 32 !== 0 && (k % 32) + src.fieldBits <= 32;
    this.fieldWord = fieldFits ? bitsWords - 1 : bitsWords;
    this.fieldShift = fieldFits ? k % 32 : 0;
    this.fieldMask = src.fieldBits >= 32 ? -1 : (1 << src.fieldBits) - 1;
    this.width = this.fieldWord + 1;
    this.maxSuccessors = src.maxSuccessors;
    const { localOf } = this;
    this.environment = {
      bits: src.bitWord.length,
      readsOf: () => src.reads,
      value: (state, at, bit) => {
        const i = localOf(bit);
        return i < 0 ? 0 : (state[at + (i >>> 5)]! >>> (i & 31)) & 1;
      },
    };
  }

  private field(state: Int32Array, at: number): number {
    return (state[at + this.fieldWord]! >>> this.fieldShift) & this.fieldMask;
  }

  initial(_i: number, out: Int32Array, at: number): void {
    out.fill(0, at, at + this.width);
    out[at + this.fieldWord] = this.src.initialId << this.fieldShift;
  }

  maxSuccessorsOf(): number {
    return this.maxSuccessors;
  }

  successors(state: Int32Array, at: number, out: Int32Array, labels: Int32Array, actionIndices: Int32Array): number {
    const { width, fieldWord, fieldShift, fieldMask, localOf } = this;
    const { space, reads, before, others } = this.src;
    const id = this.field(state, at);
    if ((space.flags[id]! & TRUNCATED) !== 0) return 0;
    space.ensure(id);
    const first = space.start[id]!;
    const last = space.end[id]!;
    const { dep, nextUp, nextDown, labelUp, labelDown } = space;
    const keep = ~(fieldMask << fieldShift);
    let n = 0;
    for (let e = first; e < last; e++) {
      const bit = dep[e]!;
      const i = bit < 0 ? -1 : localOf(bit);
      if (bit >= 0 && i < 0) throw new Error('a message read a fault outside the faults it may connect to');
      const down = i >= 0 && ((state[at + (i >>> 5)]! >>> (i & 31)) & 1) === 1;
      const o = n * width;
      for (let w = 0; w < width; w++) out[o + w] = state[at + w]!;
      out[o + fieldWord] = (out[o + fieldWord]! & keep) | ((down ? nextDown[e]! : nextUp[e]!) << fieldShift);
      labels[n] = down ? labelDown[e]! : labelUp[e]!;
      actionIndices[n++] = before + (e - first);
    }
    // Flip `bit` is action (every message's choices) + bit.
    const flipBase = others + (last - first);
    for (let i = 0; i < reads.length; i++) {
      const o = n * width;
      for (let w = 0; w < width; w++) out[o + w] = state[at + w]!;
      out[o + (i >>> 5)] = out[o + (i >>> 5)]! ^ (1 << (i & 31));
      labels[n] = 0;
      actionIndices[n++] = flipBase + reads[i]!;
    }
    return n;
  }

  /** Action `actionIndex` without listing every message's: this message's choice, or a flip. */
  action(state: Int32Array, at: number, actionIndex: number, decoded: SystemState): SystemAction {
    const { src } = this;
    const id = this.field(state, at);
    src.space.ensure(id);
    const own = src.space.end[id]! - src.space.start[id]!;
    if (actionIndex >= src.before && actionIndex < src.before + own) {
      const choice = src.choicesOf(decoded.messages[src.message]!)[actionIndex - src.before]!;
      return { kind: 'message', message: src.message, choice };
    }
    const bit = actionIndex - src.others - own;
    if (bit < 0 || bit >= src.bitWord.length) throw new Error(`action ${actionIndex} is not one of message ${src.message}'s`);
    return { kind: 'fault', host: src.transient[bit]! };
  }

  flags(state: Int32Array, at: number): number {
    const f = this.src.space.flags[this.field(state, at)]!;
    return ((f & TRUNCATED) !== 0 ? HALTED : 0) | (!this.src.valid || (f & DELIVERED) !== 0 ? ALL_VALID_DELIVERED : 0);
  }

  decode(state: Int32Array, at: number): SystemState {
    const { src } = this;
    const initial = src.initialState();
    const down = src.baseDown.slice();
    src.reads.forEach((bit, i) => {
      if (((state[at + (i >>> 5)]! >>> (i & 31)) & 1) === 1) down[src.transient[bit]!] = true;
    });
    const messages = initial.messages.slice();
    messages[src.message] = src.space.states[this.field(state, at)]!;
    return { down, messages, effects: [], step: null };
  }

  lift(state: Int32Array, at: number, out: Int32Array, outAt: number): void {
    const { src } = this;
    const whole = src.initialWords();
    for (let w = 0; w < src.width; w++) out[outAt + w] = whole[w]!;
    const word = outAt + src.msgWord;
    const mask = this.fieldMask << src.msgShift;
    out[word] = (out[word]! & ~mask) | (this.field(state, at) << src.msgShift);
    src.reads.forEach((bit, i) => {
      if (((state[at + (i >>> 5)]! >>> (i & 31)) & 1) === 1) {
        const w = outAt + src.bitWord[bit]!;
        out[w] = out[w]! | (1 << src.bitShift[bit]!);
      }
    });
  }

  partMask(): Int32Array {
    const mask = new Int32Array(this.width);
    mask[this.fieldWord] = this.fieldMask << this.fieldShift;
    return mask;
  }

  /**
   * The whole model's elements acting within this message, applied to the lifted state and read
   * back: they keep the faults it reads among themselves and fix every other message's initial
   * state, so the image is again a state of this view.
   */
  get symmetry(): PackedSymmetry | null {
    if (this.folded === undefined) {
      const found = this.src.symmetry();
      if (found === null || found.group.orderFor(found.part) <= 1) this.folded = null;
      else {
        const { group, part } = found;
        const whole = new Int32Array(this.src.width);
        const order = group.orderFor(part);
        this.folded = {
          order,
          orderFor: () => order,
          canonicalize: (words, at) => {
            this.lift(words, at, whole, 0);
            const size = group.canonicalize(whole, 0, part);
            this.project(whole, words, at);
            return size;
          },
        };
      }
    }
    return this.folded;
  }

  /** The view's words of a whole state in which the other messages rest at their initial state. */
  private project(whole: Int32Array, out: Int32Array, at: number): void {
    const { src } = this;
    out.fill(0, at, at + this.width);
    const id = (whole[src.msgWord]! >>> src.msgShift) & this.fieldMask;
    out[at + this.fieldWord] = id << this.fieldShift;
    src.reads.forEach((bit, i) => {
      if (((whole[src.bitWord[bit]!]! >>> src.bitShift[bit]!) & 1) === 1) out[at + (i >>> 5)] = out[at + (i >>> 5)]! | (1 << (i & 31));
    });
  }
}
