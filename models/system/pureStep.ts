/**
 * XState's pure `transition(machine, snapshot, event)`, with one actor scope for every step.
 *
 * Why: `transition()` builds a fresh inert actor for its scope on every call, and building an actor
 * computes the machine's initial snapshot — in a profile of `explore` that was 15 % of the run, more
 * than the step itself. The scope is only read, never kept, and nothing of it is the machine's: our
 * machines spawn no children, raise, send or emit nothing, and have no actions but `assign`, which
 * XState resolves inside the step without the scope's actor; the executable actions `transition()`
 * collects are thrown away by every caller. So one inert scope serves every step of every machine,
 * and the step is the one `transition()` computes (test/system/behaviour.test.ts compares every
 * memoised step with `transition()` itself).
 */
import { createActor, createMachine, type AnyActorScope, type AnyStateMachine, type EventFromLogic, type SnapshotFrom } from 'xstate';

let scope: AnyActorScope | undefined;

function inertScope(): AnyActorScope {
  if (scope === undefined) {
    // Never started: an actor whose system no step can reach anything through.
    const self = createActor(createMachine({}));
    const none = () => {};
    scope = { self, id: '', sessionId: '', logger: none, defer: none, emit: none, system: self.system, stopChild: none, actionExecutor: none };
  }
  return scope;
}

/** The snapshot `machine` takes from `snapshot` on `event`, as `transition()` gives it. */
export function pureStep<M extends AnyStateMachine>(machine: M, snapshot: SnapshotFrom<M>, event: EventFromLogic<M>): SnapshotFrom<M> {
  return machine.transition(snapshot, event, inertScope()) as SnapshotFrom<M>;
}
