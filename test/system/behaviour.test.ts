/**
 * Hosts that behave alike share one machine and one memo (models/system/behaviour.ts). The key
 * must cover everything the machines read: every guard and action is one the key was written
 * for, and on random topologies every step the shared memo answered is the step the host's own
 * machine takes for its own recipient — the memo shared across all of them, as in one process.
 */
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { callAheadMachine, machineForHost } from '../../models/machines/index.js';
import { ROLE_MACHINES } from '../../models/machines/index.js';
import { hostEnv } from '../../models/roles/hostEnv.js';
import { roleOf } from '../../models/roles/registry.js';
import type { HostEvent } from '../../models/machines/env.js';
import type { CallAheadEvent } from '../../models/machines/callAhead.js';
import { Behaviours, CALL_AHEAD_ACTIONS, CALL_AHEAD_GUARDS, HOST_ACTIONS, HOST_GUARDS } from '../../models/system/behaviour.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import type { CallAheadSnap, HostSnap } from '../../models/system/types.js';
import { providerTopology } from '../../src/bench/family.js';
import { crowded, loopy, plain } from '../engine/topologies.js';

describe('behaviours shared between hosts', () => {
  it('cover every guard and action of every machine', () => {
    const t = plain(1, 5)[0]!;
    for (const role of Object.keys(ROLE_MACHINES) as (keyof typeof ROLE_MACHINES)[]) {
      const m = ROLE_MACHINES[role]({ topology: t, host: { ...t.hosts[0]!, role }, role: roleOf(t, role) });
      expect(Object.keys(m.implementations.guards).sort()).toEqual(HOST_GUARDS);
      expect(Object.keys(m.implementations.actions).sort()).toEqual(HOST_ACTIONS);
    }
    const c = callAheadMachine(hostEnv(t, t.hosts[0]!));
    expect(Object.keys(c.implementations.guards).sort()).toEqual(CALL_AHEAD_GUARDS);
    expect(Object.keys(c.implementations.actions).sort()).toEqual(CALL_AHEAD_ACTIONS);
  });

  it('answer every step as the host’s own machine does, on random topologies', () => {
    let compared = 0;
    // Answers a pair got from another pair's machine: what the sharing is for, and what is at stake.
    let borrowed = 0;
    // … and of those, answers from a machine built for another topology (behaviours are the process's).
    let otherTopology = 0;
    for (const t of [...plain(80, 31), ...loopy(60, 32), ...crowded(40, 33), providerTopology(4)]) {
      const system = new MailSystem(t);
      const hostCalls: [number, string, HostSnap, HostEvent, HostSnap][] = [];
      const callCalls: [number, string, CallAheadSnap, CallAheadEvent, CallAheadSnap][] = [];
      const local = system.local;
      const host = local.host.bind(local);
      const callAhead = local.callAhead.bind(local);
      local.host = (h, r, s, e) => {
        const out = host(h, r, s, e);
        hostCalls.push([h, r, s, e, out]);
        return out;
      };
      local.callAhead = (h, r, s, e) => {
        const out = callAhead(h, r, s, e);
        callCalls.push([h, r, s, e, out]);
        return out;
      };
      system.packed();
      const behaviours = new Behaviours(system.topology.hosts.map((_, h) => local.env(h)).concat([local.env(system.senderIndex)]));
      for (const [h, rcpt] of [...hostCalls, ...callCalls]) {
        const b = behaviours.of(h, rcpt);
        if (b.env !== local.env(h) || b.rcpt !== rcpt) borrowed++;
        if (b.env.topology !== system.topology) otherTopology++;
      }
      for (const [h, rcpt, snap, event, out] of hostCalls) {
        const machine = machineForHost(local.env(h));
        const current = machine.resolveState({ value: snap.value, context: { rcpt, reply: snap.reply, reason: snap.reason, tried: snap.tried, sessions: snap.sessions, hop: '' } });
        const [after] = transition(machine, current, event);
        expect(out).toEqual({ value: after.value, reply: after.context.reply, reason: after.context.reason, tried: after.context.tried, sessions: after.context.sessions });
        compared++;
      }
      for (const [h, rcpt, snap, event, out] of callCalls) {
        const machine = callAheadMachine(local.env(h));
        const current = machine.resolveState({ value: snap.value, context: { rcpt, tried: snap.tried, result: snap.result } });
        const [after] = transition(machine, current, event);
        expect(out).toEqual({ value: after.value, tried: after.context.tried, result: after.context.result });
        compared++;
      }
    }
    // The sample must exercise the sharing: many steps, many of them answered by another pair's machine.
    expect(compared).toBeGreaterThan(5_000);
    expect(borrowed).toBeGreaterThan(500);
    expect(otherTopology).toBeGreaterThan(500);
  });
});
