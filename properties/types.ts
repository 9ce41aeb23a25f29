/**
 * What a mail property is to the checker. Most are judged over the explored state space: safety
 * properties look at the effects of each step, liveness at the goal states. A few are facts about
 * the topology itself (who may connect, what DNS says) and need no exploration: `static`.
 */
import type { MailSystem } from '../models/system/mailSystem.js';
import type { Effect, SystemState } from '../models/system/types.js';
import type { PropertyId, Topology } from '../models/topology/types.js';

interface PropertyBase {
  id: PropertyId;
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
  /** The reason the step with these effects is bad, or null. */
  violation(effect: Effect, system: MailSystem): string | null;
}

export interface LivenessMailProperty extends PropertyBase {
  kind: 'liveness';
  goal(state: SystemState, system: MailSystem): boolean;
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
