/**
 * What a mail property is to the checker. Most are judged over the explored state space: safety
 * properties look at the effects of each step, liveness at the goal states. A few are facts about
 * the topology itself (who may connect, what DNS says) and need no exploration: `static`.
 */
import type { MailSystem } from '../models/system/mailSystem.js';
import type { Effect, SystemState } from '../models/system/types.js';
import type { AnyPropertyId, Topology } from '../models/topology/types.js';

interface PropertyBase {
  /** One of PROPERTY_IDS for the built-in ones; a path property's id is the file's own. */
  id: AnyPropertyId;
  /** One line: what it means for mail. */
  summary: string;
  /**
   * FORMAT.md's `not-applicable`: the file has no message of the kind the property speaks of.
   * Returns the reason, or null when the property applies.
   */
  notApplicable?(system: MailSystem): string | null;
}

export interface SafetyMailProperty extends PropertyBase {
  kind: 'safety';
  /**
   * Every effect kind `violation` can object to: the packed engine asks the property only about
   * transitions carrying one of them (test/engine/effects.test.ts holds each property to its list).
   */
  judges: readonly Effect['kind'][];
  /**
   * The reason a step with this effect, ending in `after`, is bad, or null. Asked only about the
   * effects `judges` lists, by every engine alike. A built-in or path property speaks of the
   * effect's message alone — of `after` it reads only `after.messages[effect.message]` — because
   * messages are checked apart (src/checker/product.ts): the other messages in `after` rest where
   * they start, not where a whole run would have them. A config's property says so with `perMessage`.
   */
  violation(effect: Effect, system: MailSystem, after: SystemState): string | null;
  /**
   * A config file's property says so when `violation` reads nothing of `after` but the effect's own
   * message (`after.messages[effect.message]`): messages that cannot interact may then be checked
   * apart (product.ts), which is sound only for such a property. Built-in and path properties are.
   */
  perMessage?: boolean;
}

export interface LivenessMailProperty extends PropertyBase {
  kind: 'liveness';
  goal(state: SystemState, system: MailSystem): boolean;
  /**
   * For the packed engine: `goal` holds exactly when the packed state's flags share a bit with
   * this (models/system/labels.ts). Without it the run explores the unpacked states.
   */
  goalFlags?: number;
  /**
   * How to say that a run never reached the goal, from the last state of the counterexample;
   * `messages` limits it to those messages (a replayed run may leave others waiting, unfairly).
   */
  explain(state: SystemState, system: MailSystem, messages?: readonly number[]): string;
}

/** A finding of a static property: why, and the JSON pointer of the part of the file at fault. */
export interface StaticFinding {
  reason: string;
  pointer: string;
  steps: string[];
}

export interface StaticMailProperty extends PropertyBase {
  kind: 'static';
  findings(topology: Topology): StaticFinding[];
}

export type MailProperty = SafetyMailProperty | LivenessMailProperty | StaticMailProperty;
