/**
 * The compact form of a model: every state is a fixed number of 32-bit words, and one call lists
 * all successors of a state into a reused buffer. The engine stores the words in one flat array
 * under an open-addressing hash table, so a state costs a few dozen bytes and no object, string
 * or Map entry; the model's own objects are rebuilt (`decode`) only for counterexamples.
 *
 * A packed model may also split into parts (product.ts): groups of words that move without
 * reading or writing each other, such as messages, and an environment of bits that the parts read
 * and that flip freely, such as transient faults. The engine can then explore each part on its
 * own, with the environment bits it reads flipping, and combine the verdicts, instead of their
 * product.
 */

export interface PackedModel<S> {
  /** Words per state. */
  readonly width: number;
  /** The `flags` bit meaning the whole system stops here: no part moves (product.ts). */
  readonly halted: number;
  /** The number of initial states: the same as `initialStates().length`, in the same order. */
  readonly initialCount: number;
  /** Writes initial state `i` into `out[at .. at + width)`. */
  initial(i: number, out: Int32Array, at: number): void;
  /** No state has more successors than this (sizes the engine's buffers). */
  readonly maxSuccessors: number;
  /** No state has more moves of part `part` than this (a part's run sizes its buffers by it). */
  maxSuccessorsOf?(part: number): number;
  /**
   * Lists the successors of the state at `state[at .. at + width)` in the order `actions()` lists
   * their actions: successor k into `out[k * width ..]`, the label of its transition (a bitmask
   * safety properties select on) into `labels[k]`, and the position of its action in `actions()`
   * into `actionIndices[k]`. With `part` ≥ 0 only that part's moves are listed. Returns how many.
   */
  successors(state: Int32Array, at: number, out: Int32Array, labels: Int32Array, actionIndices: Int32Array, part: number): number;
  /**
   * Attributes of the state that liveness goals are written in (`LivenessProperty.goalFlags`),
   * plus `halted`. With `part` ≥ 0, that part's attributes alone.
   */
  flags(state: Int32Array, at: number, part: number): number;
  /** The model state the words stand for (its transition-describing fields left empty). */
  decode(state: Int32Array, at: number): S;
  /**
   * The model's action `actionIndex` from the state at `state[at ..]`, `decoded` being that state
   * decoded (optional: where the packed model names it more cheaply than `Model.actions`, which
   * lists every action of a whole state — a part's view knows which part moves).
   */
  action?(state: Int32Array, at: number, actionIndex: number, decoded: S): unknown;
  /**
   * Parts, for `ExploreOptions.independentParts`; 1 when the model does not split. The contract:
   * the words split into parts (`partMask`) and environment bits (`environment`); a part's moves
   * change only its own words and depend only on them and on the environment bits it reads,
   * except that in a `halted` state nothing moves; each environment bit is flipped by a move of
   * its own that changes nothing else and is enabled in every state that is not halted; there is
   * one initial state; and a goal flag other than `halted` holds of a state exactly when it holds
   * of every part, and once it holds of a part it holds in every state that part reaches.
   * `successors` with a part lists that part's moves and the flips of the bits it reads.
   */
  readonly parts: number;
  /** The bits of each word that belong to `part` (its environment bits not included). */
  partMask(part: number): Int32Array;
  /** The environment the parts read (absent: none; the parts then share nothing at all). */
  readonly environment?: PackedEnvironment;
  /**
   * Part `part` alone, in a layout of its own (optional): its own words and the environment bits
   * it reads, the other parts resting at their initial state and the bits it does not read at
   * theirs. A run of one part then costs in proportion to that part, not to the whole model: its
   * states are a word or two wide and listing its moves looks at no other part. product.ts
   * explores each part through its view when the model offers one.
   */
  partView?(part: number): PartView<S>;
  /**
   * Automorphisms of the state graph that fix the initial state, for `ExploreOptions.symmetry`
   * (null or absent: none). Only breadth-first safety runs use them: they store one state per orbit.
   */
  readonly symmetry?: PackedSymmetry | null;
}

/**
 * One part of a packed model seen alone (PackedModel.partView). It is a packed model of one part
 * (part 0, or -1: the same), with the whole model's action indices (so its paths are runs of the
 * whole), the whole model's environment bit numbers (`environment.readsOf(0)` are the bits the
 * part reads), `decode` giving whole-model states, and its symmetry the whole model's elements
 * acting within the part.
 */
export interface PartView<S> extends PackedModel<S> {
  /** Writes the whole model's words for the view's state at `state[at ..]` into `out[outAt ..]`. */
  lift(state: Int32Array, at: number, out: Int32Array, outAt: number): void;
}

/** Bits that parts read but never write, each flipped freely by a move of its own (PackedModel.parts). */
export interface PackedEnvironment {
  readonly bits: number;
  /** The bits `part` may read, ascending: its moves depend on no other. */
  readsOf(part: number): readonly number[];
  /** Bit `bit` (0 or 1) of the state at `state[at ..]`. */
  value(state: Int32Array, at: number, bit: number): number;
}

export interface PackedSymmetry {
  /** Elements of the group, the identity included. */
  readonly order: number;
  /**
   * Elements acting within `part` (-1: the whole model): those keeping its words inside it, and
   * fixing each environment bit another part reads too (so that an orbit never mixes states the
   * product counts apart).
   */
  orderFor(part: number): number;
  /**
   * Rewrites the state at `words[at .. at + width)` to its orbit's representative under the
   * elements acting within `part` (-1: the whole model), and answers the orbit's size, so that
   * counts of states and transitions can still be those of the unfolded graph.
   */
  canonicalize(words: Int32Array, at: number, part: number): number;
}
