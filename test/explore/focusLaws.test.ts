/**
 * Laws of counterexamples cut to what matters (properties/focus.ts), on generated topologies with
 * several messages and transient faults (fixed seed, bounded runs, counted so they cannot pass on
 * nothing): the cut run is a run of the model — its path replays, each step reads exactly as the
 * step of the same number in the full run, a cut lasso closes — and it keeps the verdict: the same
 * safety violation on its last step, the same messages never delivered in its cycle. It holds only
 * the focused messages' steps and fault flips, and every flip it keeps is of a host they connect to.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { topologyArbitrary } from '../../models/arbitraries/topology.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import { checkTopology } from '../../properties/check.js';
import { PROPERTIES } from '../../properties/index.js';
import { replay } from '../../src/checker/index.js';

const BUDGET = 20_000;
const busy = topologyArbitrary({ minExtraHosts: 2, maxExtraHosts: 3, maxMessages: 3 });
/** Several messages and a transient fault on every generated topology: where cutting has work. */
const noisy = busy
  .filter((t) => t.messages.length >= 2)
  .chain((t) =>
    fc.subarray(t.hosts.map((h) => h.name), { minLength: 1, maxLength: 2 }).map((names) => ({
      ...t,
      network: { ...t.network, faults: { ...t.network.faults, ...Object.fromEntries(names.filter((n) => t.network.faults[n] !== 'down').map((n) => [n, 'transient' as const])) } },
    })),
  );

const tally = { cut: 0, lassos: 0, flipsKept: 0, stepsLeftOut: 0 };

describe('counterexamples cut to what matters', () => {
  test.prop([noisy], { seed: 15, numRuns: 150 })('are runs of the model with the same verdict, made of the focused messages and the faults they see', (t) => {
    const system = new MailSystem(t);
    const result = checkTopology(t, { maxStates: BUDGET });
    for (const p of result.properties) {
      const cx = p.counterexample;
      const focus = cx?.focus;
      if (p.verdict !== 'violated' || cx === undefined || focus === undefined) continue;
      tally.cut++;
      tally.stepsLeftOut += cx.steps.length - focus.steps.length;
      const run = replay(system, focus.path);
      if (!run.ok) throw new Error(`${p.id}: the cut path does not replay: ${run.error}`);
      expect(run.actions).toHaveLength(focus.steps.length);
      const full = new Map(cx.steps.map((s) => [s.n, s]));
      run.actions.forEach((action, i) => {
        const info = system.next(run.states[i]!, action).step!;
        const shown = full.get(focus.steps[i]!)!;
        expect({ kind: info.kind, from: info.actor, to: info.peer, text: info.text, depth: info.depth }).toEqual({ kind: shown.kind, from: shown.from, to: shown.to, text: shown.text, depth: shown.depth });
        // Only the focused messages' own steps, and fault flips.
        if (action.kind === 'message') expect(focus.messages).toContain(action.message);
      });
      // Each kept flip is of a host some focused step connects to (the one reading its bit).
      const reached = new Set(cx.steps.filter((s) => s.message !== null && focus.messages.includes(s.message)).flatMap((s) => [s.to, ...(/connect(?:ion)? to (\S+?):/.exec(s.text)?.slice(1) ?? [])]));
      for (const a of run.actions) {
        if (a.kind !== 'fault') continue;
        tally.flipsKept++;
        const host = system.names[a.host]!;
        expect(reached.has(host) || [...reached].some((r) => r !== null && t.dns[r]?.cname === host), `${p.id}: flip of ${host}`).toBe(true);
      }
      const property = PROPERTIES.find((q) => q.id === p.id)!;
      const last = run.states.at(-1)!;
      if (property.kind === 'safety') {
        const step = system.next(run.states.at(-2)!, run.actions.at(-1)!);
        expect(step.effects.some((e) => property.violation(e, system, run.states.at(-1)!) !== null)).toBe(true);
      } else if (property.kind === 'liveness') {
        // The same messages are never delivered, and none of them is merely left waiting.
        for (const m of focus.messages) expect(system.isDelivered(last.messages[m]!, m)).toBe(false);
        if (focus.loopsFrom === null) {
          for (const m of focus.messages) expect(system.choicesOf(last.messages[m]!, m)).toEqual([]);
        } else {
          tally.lassos++;
          const start = focus.steps.indexOf(focus.loopsFrom);
          expect(system.fingerprint(run.states[start]!)).toBe(system.fingerprint(last));
          const moving = new Set(run.actions.slice(start).flatMap((a) => (a.kind === 'message' ? [a.message] : [])));
          for (const m of focus.messages) expect(moving.has(m) || system.choicesOf(last.messages[m]!, m).length === 0).toBe(true);
        }
      }
    }
  });

  test('the law above was not vacuous: it cut safety and liveness runs, and kept flips', () => {
    expect(tally.cut).toBeGreaterThan(15);
    expect(tally.lassos).toBeGreaterThan(5);
    expect(tally.flipsKept).toBeGreaterThan(3);
    expect(tally.stepsLeftOut).toBeGreaterThan(tally.cut);
  });
});
