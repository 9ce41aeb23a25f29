/**
 * A long run's states kept as a tape (src/checker/stateTape.ts) read exactly as the states it
 * stood for, in any order and through every array method a report uses; and a provider file's
 * lasso, long enough to be kept so, gives the report a run whose every state is the one its
 * actions reach.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EVERY, KEPT_WHOLE, StateTape } from '../../src/checker/stateTape.js';
import { providerTopology } from '../../src/bench/family.js';
import { checkTopology } from '../../properties/check.js';
import { explore } from '../../src/checker/engine.js';
import type { LivenessProperty } from '../../src/checker/model.js';
import { ALL_VALID_DELIVERED, HALTED } from '../../models/system/labels.js';
import type { SystemState } from '../../models/system/types.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import { eventualDelivery } from '../../properties/eventualDelivery.js';

/** A toy run: each state is the list of the actions taken so far (a fresh array each step, as a mail system's is). */
const next = (s: readonly number[], a: number): number[] => [...s, a];

function eager(actions: readonly number[]): number[][] {
  const all: number[][] = [[]];
  for (const a of actions) all.push(next(all.at(-1)!, a));
  return all;
}

describe('a run kept as a tape', () => {
  it('keeps a short run whole, as a plain array of the states taken', () => {
    const tape = new StateTape(next, [] as number[]);
    for (let i = 0; i < 10; i++) tape.push(i);
    const states = tape.states();
    expect(Array.isArray(states)).toBe(true);
    expect(states).toEqual(eager([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it('reads a long run as the states its actions reach, in any order and through the array methods', () => {
    let reads = 0;
    fc.assert(
      fc.property(fc.integer({ min: KEPT_WHOLE, max: KEPT_WHOLE + 5 * EVERY }), fc.array(fc.nat(), { minLength: 10, maxLength: 40 }), (steps, order) => {
        const actions = Array.from({ length: steps }, (_, i) => i % 7);
        const tape = new StateTape(next, [] as number[]);
        for (const a of actions) tape.push(a);
        const whole = eager(actions);
        const states = tape.states();
        expect(states.length).toBe(whole.length);
        for (const k of order) {
          const i = k % states.length;
          expect(states[i]).toEqual(whole[i]);
          reads++;
        }
        expect(states.at(-1)).toEqual(whole.at(-1));
        expect(states.at(-2)).toEqual(whole.at(-2));
        expect(states[states.length]).toBeUndefined();
        expect(states.slice(EVERY - 2, EVERY + 3)).toEqual(whole.slice(EVERY - 2, EVERY + 3));
        expect(states.map((s) => s.length)).toEqual(whole.map((s) => s.length));
        expect([...states].length).toBe(whole.length);
        expect(tape.last).toEqual(whole.at(-1));
        // Read-only: a report cannot write into a run.
        expect(Reflect.set(states, 3, [])).toBe(false);
      }),
      { seed: 12, numRuns: 25 },
    );
    expect(reads).toBeGreaterThan(200);
  });
});

describe('a provider file failing eventual delivery', () => {
  // 300 customer domains, the last one's mailbox server down for good: its lasso walks every
  // message to its end, far past KEPT_WHOLE states.
  const topology = providerTopology(300);
  const last = topology.hosts.filter((h) => h.role === 'mailbox').at(-1)!;
  topology.network.faults[last.name] = 'down';

  it('is reported with a run whose every state is the one its actions reach', () => {
    const system = new MailSystem(topology);
    // eventual-delivery as the checker hands it to the engine (properties/check.ts), judged message by message.
    const property: LivenessProperty<SystemState> = {
      kind: 'liveness',
      id: 'eventual-delivery',
      goal: (s) => system.isTruncated(s) || eventualDelivery.goal(s, system),
      goalFlags: HALTED | ALL_VALID_DELIVERED,
      partwise: true,
    };
    const result = explore(system, [property], { independentParts: true });
    const outcome = result.outcomes[0]!;
    expect(outcome.status).toBe('violated');
    if (outcome.status !== 'violated') return;
    const { trace } = outcome;
    expect(trace.states.length).toBeGreaterThan(KEPT_WHOLE);
    let state = system.initialStates()[0]!;
    for (let i = 0; i < trace.actions.length; i++) {
      state = system.next(state, trace.actions[i]!);
      if (i % 97 === 0 || i === trace.actions.length - 1) expect(system.fingerprint(trace.states[i + 1]!)).toBe(system.fingerprint(state));
    }
    expect(system.fingerprint(trace.states[trace.loopsFrom!]!)).toBe(system.fingerprint(trace.states.at(-1)!));
  });

  it('says which message is never delivered, and where', () => {
    const result = checkTopology(topology);
    const ed = result.properties.find((p) => p.id === 'eventual-delivery')!;
    expect(ed.verdict).toBe('violated');
    expect(ed.reason).toBe('mail for <alice@d300.test> is never delivered: it stays at backup1.d300.test, retried forever without reaching the mailbox');
    expect(ed.counterexample!.steps.length).toBeGreaterThan(KEPT_WHOLE);
  });
});
