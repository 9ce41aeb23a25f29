/**
 * The composed system drives a role's machine by the tags of its states, never by their names
 * (models/machines/tags.ts). Proof: each built-in role's machine with every state renamed, played
 * as a config role, gives every example exactly the verdicts, counterexamples and counts of the
 * built-in role. It would fail if the system stepped, started, delivered or judged a message by a
 * state's name anywhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnyStateMachine } from 'xstate';
import { hostSetup } from '../../models/machines/hostSetup.js';
import type { HostEnv } from '../../models/machines/env.js';
import { BUILT_IN_ROLES } from '../../models/roles/builtIn.js';
import { check, defineConfig } from '../../src/index.js';
import { explainRoute } from '../../src/import/route.js';
import { loadTopology } from '../../src/api/load.js';
import { EXAMPLES } from '../helpers.js';

const renamed = (state: string) => `my-${state}`;

type Transition = string | { target?: string; [k: string]: unknown };
const retarget = (t: Transition): Transition => (typeof t === 'string' ? renamed(t) : t.target === undefined ? t : { ...t, target: renamed(t.target) });
const retargetAll = (ts: Transition | Transition[]) => (Array.isArray(ts) ? ts.map(retarget) : retarget(ts));

/** The machine's own config with every state, and every transition's target, renamed. */
function renamedMachine(machine: AnyStateMachine, env: HostEnv): AnyStateMachine {
  const config = machine.config as { initial: string; states: Record<string, { on?: Record<string, Transition | Transition[]>; always?: Transition | Transition[] }> };
  const states = Object.fromEntries(
    Object.entries(config.states).map(([name, node]) => [
      renamed(name),
      {
        ...node,
        ...(node.on === undefined ? {} : { on: Object.fromEntries(Object.entries(node.on).map(([ev, ts]) => [ev, retargetAll(ts)])) }),
        ...(node.always === undefined ? {} : { always: retargetAll(node.always) }),
      },
    ]),
  );
  return hostSetup(env).createMachine({ ...(config as object), id: `renamed-${machine.id}`, initial: renamed(config.initial), states } as never) as unknown as AnyStateMachine;
}

const config = defineConfig({
  roles: BUILT_IN_ROLES.map((r) => ({
    id: `renamed-${r.id}`,
    summary: r.summary,
    // The file's hosts give their required routes themselves; the rest of the preset is the built-in's.
    preset: { accepts: r.preset.accepts === 'required' ? [] : r.preset.accepts, verify: r.preset.verify, ...('kind' in r.preset.route ? { route: r.preset.route } : {}) },
    ...(r.hops === undefined ? {} : { hops: r.hops }),
    machine: (env: HostEnv) => renamedMachine(r.machine(env) as AnyStateMachine, env),
  })),
});

/** What a reader of the report sees, role names aside. */
function outcome(text: string, withConfig: boolean) {
  const result = check(text, withConfig ? { config } : {});
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const { stats } = result.result;
  return {
    states: stats.states,
    transitions: stats.transitions,
    properties: result.result.properties.map((p) => ({ id: p.id, verdict: p.verdict, reason: p.reason, steps: p.counterexample?.steps.map((s) => [s.kind, s.from, s.to, s.text, s.details]) })),
  };
}

describe('a machine is driven by its state tags, not its state names', () => {
  const files = ['postini-mailhop.yaml', 'postini-mailhop-verify-none.yaml', 'postini-only.yaml', 'postini-only-blocked.yaml', 'mailhop-only.yaml', 'gateway.yaml'];

  it.each(files)('%s: every built-in role renamed state by state gives the same verdicts, counterexamples and counts', (file) => {
    const text = readFileSync(join(EXAMPLES, file), 'utf8');
    const played = text.replace(/role: (mailbox|relay|filter|backup-mx|mta)\b/g, 'role: renamed-$1');
    expect(played).not.toEqual(text);
    // The renamed machines are what runs: none of the built-in names is left in them.
    const machine = config.roles![1]!.machine({ topology: { roles: undefined }, host: { role: 'renamed-relay' } } as never) as AnyStateMachine;
    expect(Object.keys(machine.root.states).every((s) => s.startsWith('my-'))).toBe(true);
    expect(outcome(played, true)).toEqual(outcome(text, false));
  });

  it.each(files)('%s: `mxproof route` explains the same way with the renamed machines', (file) => {
    const text = readFileSync(join(EXAMPLES, file), 'utf8');
    const played = text.replace(/role: (mailbox|relay|filter|backup-mx|mta)\b/g, 'role: renamed-$1');
    const explain = (t: string, withConfig: boolean) => {
      const loaded = loadTopology(t, file, withConfig ? { config } : {});
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
      // Role names aside (the report names each host's role), every word the same.
      return JSON.stringify(explainRoute(loaded.topology, 'alice@example.com')).replaceAll('renamed-', '');
    };
    expect(explain(played, true)).toEqual(explain(text, false));
  });

  it('a machine that opens a session into a state not saying which reply it awaits is the config’s error, not a crash', () => {
    const mta = BUILT_IN_ROLES.find((r) => r.id === 'mta')!;
    const untagged = defineConfig({
      roles: [{
        id: 'mute-mta',
        summary: 'an mta whose client state after CONNECTED carries no tag',
        machine: (env: HostEnv) => {
          const cfg = (mta.machine(env) as AnyStateMachine).config as { states: Record<string, object> };
          // The tag moves to a state nothing enters, so the loader's check of the tags passes.
          const states = { ...cfg.states, awaitingRcptReply: { ...cfg.states.awaitingRcptReply, tags: [] }, spare: { tags: ['awaits-rcpt-reply'] } };
          return hostSetup(env).createMachine({ ...(cfg as object), id: 'mute-mta', states } as never) as unknown as AnyStateMachine;
        },
      }],
    });
    const text = readFileSync(join(EXAMPLES, 'mailhop-only.yaml'), 'utf8') + '';
    const played = text.replace(/messages:\n/, 'messages:\n  - { from: "carol@sender.test", to: "alice@example.com", via: out.sender.test }\n').replace(/hosts:\n/, 'hosts:\n  out.sender.test: { role: mute-mta }\n');
    expect(check(played, { config: untagged })).toMatchObject({
      ok: false,
      errors: [{ file: '(config)', field: 'roles[0].machine', message: expect.stringMatching(/^role mute-mta: its machine is in state awaitingRcptReply at out\.sender\.test with an SMTP session open, but tags it neither `awaits-rcpt-reply` nor `awaits-data-reply`/) }],
    });
  });
});
