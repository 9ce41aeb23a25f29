/** Turns an engine trace of the mail system into numbered steps a person reads. */
import type { Trace } from '../src/checker/result.js';
import type { MailSystem } from '../models/system/mailSystem.js';
import type { SystemAction, SystemState } from '../models/system/types.js';
import { focusOf } from './focus.js';
import type { Counterexample, Step } from './result.js';

/**
 * The engine stores each state once, with the description of whichever transition reached it
 * first; a trace may reach it by another. So each step is described afresh from the action the
 * trace actually takes. `about`: the messages the violation is about; the counterexample then
 * also says which of its steps matter to them (focus.ts).
 */
export function toCounterexample(trace: Trace<SystemState, SystemAction>, system: MailSystem, about: readonly number[] = []): Counterexample {
  const steps: Step[] = [];
  for (let i = 1; i < trace.states.length; i++) {
    const taken = system.next(trace.states[i - 1]!, trace.actions[i - 1]!);
    const info = taken.step!;
    const step: Step = {
      n: i,
      kind: info.kind,
      message: info.message,
      from: info.actor,
      to: info.peer,
      depth: info.depth,
      text: info.text,
      details: info.details,
    };
    if (taken.effects.some((e) => e.kind === 'call-ahead-repeat')) {
      const earlier = repeatedStep(steps, step);
      if (earlier !== undefined) step.repeats = earlier.n;
    }
    steps.push(step);
  }
  const focus = focusOf(trace, system, about);
  return { steps, loopsFrom: trace.loopsFrom === null ? null : trace.loopsFrom + 1, path: trace.path, ...(focus === undefined ? {} : { focus }) };
}

/**
 * The messages a violation is about: for a safety property the one whose step broke it (the last
 * step), for eventual-delivery every message to a valid recipient the run leaves undelivered.
 */
export function messagesAbout(kind: 'safety' | 'liveness', trace: Trace<SystemState, SystemAction>, system: MailSystem): number[] {
  if (kind === 'safety') {
    const last = trace.actions.at(-1);
    return last?.kind === 'message' ? [last.message] : [];
  }
  const end = trace.states.at(-1)!;
  return end.messages.flatMap((m, i) => (system.isRecipientValid(i) && !system.isDelivered(m, i) ? [i] : []));
}

/** The call-ahead this step repeats: the same exchange earlier in the same delivery session. */
function repeatedStep(steps: readonly Step[], step: Step): Step | undefined {
  for (let j = steps.length - 1; j >= 0; j--) {
    const s = steps[j]!;
    if (s.message === step.message && s.from === step.from && s.to === step.to && s.text === step.text) return s;
    if (s.message === step.message && s.depth === 0 && s.kind === 'command') return undefined;
  }
  return undefined;
}
