/**
 * XState's pure `transition(machine, snapshot, event)` for the built-in machines, with one actor
 * scope for every step.
 *
 * Why: `transition()` builds a fresh inert actor for its scope on every call, and building an actor
 * computes the machine's initial snapshot — in a profile of `explore` that was 15 % of the run, more
 * than the step itself. The scope is only read, never kept, and nothing of it is the machine's: the
 * built-in machines (models/machines) spawn no children, raise, send or emit nothing, and their
 * actions are `assign`s, which XState resolves inside the step without the scope's actor, and named
 * actions, which it hands to the scope's executor: collected here as `transition()` collects them.
 * So one inert scope serves every step of every built-in machine, and the step is the one
 * `transition()` computes (test/system/behaviour.test.ts compares every memoised step with
 * `transition()` itself). A config role's machine may do anything XState allows and is stepped by
 * `transition()` (localSteps.ts).
 */
import { createActor, createMachine, type AnyActorScope, type AnyStateMachine, type EventFromLogic, type ExecutableActionsFrom, type SnapshotFrom } from 'xstate';

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

/** The snapshot `machine` takes from `snapshot` on `event` and the actions left to execute, as `transition()` gives them. */
export function pureStep<M extends AnyStateMachine>(machine: M, snapshot: SnapshotFrom<M>, event: EventFromLogic<M>): [SnapshotFrom<M>, ExecutableActionsFrom<M>[]] {
  const actions: ExecutableActionsFrom<M>[] = [];
  const s = inertScope();
  s.actionExecutor = (action) => {
    actions.push(action as ExecutableActionsFrom<M>);
  };
  return [machine.transition(snapshot, event, s) as SnapshotFrom<M>, actions];
}
