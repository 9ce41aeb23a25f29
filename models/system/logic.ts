/**
 * The composed mail system as XState actor logic, so XState's own tools can walk it: `xstate/graph`
 * serves as an independent oracle of the reachable state space (tests) and as the baseline the
 * benchmarks compare the engine with. Each event carries the system action to take.
 */
import { fromTransition } from 'xstate';
import type { MailSystem } from './mailSystem.js';
import type { SystemAction, SystemState } from './types.js';

export interface StepEvent {
  type: 'step';
  action: SystemAction;
}

export function mailSystemLogic(system: MailSystem) {
  const [initial] = system.initialStates();
  return fromTransition((state: SystemState, event: StepEvent) => system.next(state, event.action), initial!);
}

/** Traversal options for `getAdjacencyMap` over `mailSystemLogic`: enabled actions and fingerprints. */
export function mailSystemTraversal(system: MailSystem) {
  return {
    events: (snapshot: { context: SystemState }): StepEvent[] => system.actions(snapshot.context).map((action) => ({ type: 'step', action })),
    serializeState: (snapshot: { context: SystemState }) => system.fingerprint(snapshot.context),
    serializeEvent: (event: StepEvent) => JSON.stringify(event.action),
  };
}
