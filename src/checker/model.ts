/**
 * The contract between the engine and anything it explores: a transition system given by its
 * initial states, the actions enabled in a state and the state each action leads to. Shaped after
 * stateright's `Model` trait. The engine knows nothing of mail; a toy graph plugs in as well as the
 * composed mail system.
 */
import type { PackedModel } from './packed.js';

export type { PackedModel };

export interface Model<S, A> {
  /** Initial states, in a fixed order (replay numbers them). */
  initialStates(): readonly S[];
  /**
   * The actions enabled in `state`, in a deterministic order: a path stores the index of the action
   * taken, so the same state must always list the same actions in the same order.
   */
  actions(state: S): readonly A[];
  /** The state `action` leads to from `state`. Pure: same inputs, same result. */
  next(state: S, action: A): S;
  /** A canonical key: two states are the same state exactly when their fingerprints are equal. */
  fingerprint(state: S): string;
  /**
   * Optional: the same transition system in compact form (packed.ts), which the engine then
   * explores instead, storing words rather than objects and string fingerprints. Null when this
   * model cannot be packed (the engine then explores the objects).
   */
  packed?(): PackedModel<S> | null;
}


/**
 * A safety property: nothing bad ever happens. `violation` is asked of every initial state (with
 * `from` and `action` null) and of every transition the engine explores; it returns a short reason
 * when that state or step is bad, `null` otherwise. The engine reports the shortest path to the
 * first violation it meets (breadth-first order makes it shortest).
 */
export interface SafetyProperty<S, A> {
  kind: 'safety';
  id: string;
  violation(from: S | null, action: A | null, to: S): string | null;
  /**
   * For a packed model: the transition labels (`PackedModel.successors`) this property can flag.
   * The packed engine asks `violation` only of transitions whose label shares a bit with it, so
   * it must return null on every other. Without it the model is explored unpacked.
   */
  labels?: number;
  /**
   * A watch rather than a question: it is judged like the others, but exploration never goes on
   * for it alone. Once every other safety property is violated the run stops, and a watch not yet
   * violated ends `inconclusive` (e.g. "did any run hit the call-ahead depth limit?", which only
   * matters to a verdict of `holds`).
   */
  advisory?: boolean;
  /**
   * Judged one part at a time (PackedModel.parts): whether a transition violates it depends only
   * on the words of the part that moves and the environment bits that part reads. The engine
   * checks parts apart (product.ts) only when every property is partwise; a property relating two
   * parts leaves the model explored whole.
   */
  partwise?: boolean;
}

/**
 * A liveness property `eventually goal`, judged under strong fairness on every transition: a run
 * that can take a step infinitely often eventually takes it. On a finite graph such a run ends in a
 * bottom strongly connected component and visits all of it, so the property fails exactly when a
 * bottom component with no goal state is reachable from an initial state along non-goal states.
 */
export interface LivenessProperty<S> {
  kind: 'liveness';
  id: string;
  goal(state: S): boolean;
  /**
   * For a packed model: `goal(s)` holds exactly when `flags(s)` shares a bit with this. Without it
   * the model is explored unpacked.
   */
  goalFlags?: number;
  /**
   * Judged one part at a time: its goal flags hold of a state exactly when they hold of every
   * part (PackedModel.parts). Without it the model's parts are explored as one product.
   */
  partwise?: boolean;
}

export type Property<S, A> = SafetyProperty<S, A> | LivenessProperty<S>;
