/**
 * One registry of roles (models/roles): the built-in five registered there, a config's roles beside
 * them, a role's machine deciding where mail goes, and everything a check, a diagram and the CLI
 * do with a role of your own.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUIRED_TAGS } from '../../models/machines/tags.js';
import { describe, expect, it } from 'vitest';
import { setup, transition } from 'xstate';
import { check, defineConfig, loadConfig, roleMachine, routeHop, type MxproofConfig } from '../../src/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { loadTopology } from '../../src/api/load.js';
import { machineForHost } from '../../models/machines/index.js';
import { nextHopOf } from '../../models/machines/env.js';
import { BUILT_IN_ROLES } from '../../models/roles/builtIn.js';
import { ROLES } from '../../models/topology/schema.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import type { HostEvent } from '../../models/machines/env.js';
import type { HostSnap } from '../../models/system/types.js';
import type { Topology } from '../../models/topology/types.js';
import { EXAMPLES } from '../helpers.js';
import { cli } from '../cli/run.js';

const PLUGINS = join(EXAMPLES, 'plugins');
const DIRECT = join(PLUGINS, 'relay-direct-to-filter');
const CHAINED = join(PLUGINS, 'filter-skips-call-ahead');

async function config(dir: string): Promise<MxproofConfig> {
  const loaded = await loadConfig(join(dir, 'mxproof.config.ts'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.config;
}

const withMessage = (text: string, to: string) => `${text}\nmessages:\n  - { from: "bob@sender.test", to: "${to}" }\n`;

function loaded(text: string, cfg?: MxproofConfig): Topology {
  const result = loadTopology(text, 'rules.yaml', cfg === undefined ? {} : { config: cfg });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.topology;
}

describe('the role registry', () => {
  it('registers the five built-in roles, those the schema names, in FORMAT.md order', () => {
    expect(BUILT_IN_ROLES.map((r) => r.id)).toEqual([...ROLES]);
    expect(BUILT_IN_ROLES.every((r) => r.origin === 'built-in' && r.note.length > 0)).toBe(true);
  });

  it('refuses a config role that takes a built-in id, repeats one, or is no word', () => {
    const machine = () => roleMachine({} as never, { id: 'x' });
    const result = resolveConfig({
      roles: [
        { id: 'relay', summary: 's', machine },
        { id: 'mine', summary: 's', machine },
        { id: 'mine', summary: 's', machine },
        { id: 'Not A Word', summary: 's', machine },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => [e.field, e.message.split(';')[0]])).toEqual([
        ['roles[0].id', '`relay` is a built-in role'],
        ['roles[2].id', '`mine` is registered twice (also roles[1])'],
        ['roles[3].id', '`Not A Word` is not a role id: use lower-case letters, digits and `-`, starting with a letter (at most 64), e.g. `direct-relay`'],
      ]);
    }
  });

  it('refuses a config role without a machine, or with options that are no schema', () => {
    const result = resolveConfig({ roles: [{ id: 'mine', summary: 's', options: { a: 1 } }] });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => [e.field, e.message])).toEqual([
        ['roles[0].options', "expected a zod schema for the role's options (e.g. z.object({ ... })), got an object"],
        ['roles[0].machine', '`machine` is missing: a function'],
      ]);
    }
  });
});

describe('a config role decides where mail goes', () => {
  const rules = readFileSync(join(DIRECT, 'rules.yaml'), 'utf8');

  it('breaks the founding loop that the built-in relay makes in the same place', async () => {
    const cfg = await config(DIRECT);
    const direct = check(withMessage(rules, 'alice@example.com'), { config: cfg });
    const relay = check(withMessage(rules.replace('role: direct-relay', 'role: relay').replace(/\n\s+options:.*\n/, '\n'), 'alice@example.com'));
    const verdicts = (o: typeof direct) => (o.ok ? Object.fromEntries(o.result.properties.map((p) => [p.id, p.verdict])) : o.errors);
    expect(verdicts(direct)).toMatchObject({ 'call-ahead-bounded': 'holds', 'eventual-delivery': 'holds', 'no-forwarding-loop': 'holds' });
    expect(verdicts(relay)).toMatchObject({ 'call-ahead-bounded': 'violated', 'eventual-delivery': 'violated' });
  });

  it('sends the relay’s call-ahead and its delivery to the hop its machine chose, not to its route', async () => {
    const t = loaded(withMessage(rules, 'alice@example.com'), await config(DIRECT));
    const system = new MailSystem(t);
    const relay = t.hosts.findIndex((h) => h.role === 'direct-relay');
    const env = system.local.env(relay);
    const chosen = nextHopOf(env, 'alice@example.com');
    expect(chosen.kind === 'candidates' && chosen.candidates.map((c) => `${c.host}:${c.port}`)).toEqual(['mail.example.com:2525']);
    const route = routeHop(env, 'alice@example.com');
    expect(route.kind === 'candidates' && route.candidates.map((c) => c.host)).toEqual(['mx.postini.test']);
  });

  it('answers RCPT at once where its own check says so, and bounces later what the next filter refuses', async () => {
    const text = withMessage(readFileSync(join(CHAINED, 'rules.yaml'), 'utf8'), 'nobody@example.com');
    const outcome = check(text, { config: await config(CHAINED) });
    expect(outcome).toMatchObject({ ok: true });
    if (outcome.ok) {
      const p = outcome.result.properties.find((x) => x.id === 'no-backscatter')!;
      expect(p.verdict).toBe('violated');
      expect(p.counterexample!.steps[1]!.details).toEqual(['mx.edge.test answers at once: 250 next-hop-is-a-filter-no-call-ahead']);
    }
  });

  it('is stepped from the shared memo exactly as its own machine steps, one behaviour per host and recipient', async () => {
    let compared = 0;
    for (const [dir, to] of [
      [DIRECT, 'alice@example.com'],
      [DIRECT, 'nobody@example.com'],
      [CHAINED, 'alice@example.com'],
      [CHAINED, 'nobody@example.com'],
    ] as const) {
      const t = loaded(withMessage(readFileSync(join(dir, 'rules.yaml'), 'utf8'), to), await config(dir));
      const system = new MailSystem(t);
      const calls: [number, string, HostSnap, HostEvent, HostSnap][] = [];
      const host = system.local.host.bind(system.local);
      system.local.host = (h, r, s, e) => {
        const out = host(h, r, s, e);
        calls.push([h, r, s, e, out]);
        return out;
      };
      system.packed();
      for (const [h, rcpt, snap, event, out] of calls) {
        if (!t.roles!.has(system.local.env(h).host.role)) continue;
        const machine = machineForHost(system.local.env(h));
        const current = machine.resolveState({ value: snap.value, context: { rcpt, reply: snap.reply, reason: snap.reason, tried: snap.tried, sessions: snap.sessions, hop: '' } });
        const [after] = transition(machine, current, event);
        expect(out).toEqual({ value: after.value, reply: after.context.reply, reason: after.context.reason, tried: after.context.tried, sessions: after.context.sessions });
        compared++;
      }
    }
    // Every step a config-role host took in the four checks: deterministic, so pinned.
    expect(compared).toBe(22);
  });

  it('says plainly when a machine chooses a hop its role does not declare, or a routing guard asks where it routes', () => {
    const base = 'version: 1\ndns:\n  example.com: { mx: ["10 mail.example.com"] }\nhosts:\n  gw.test: { role: mine, accepts: ["*"] }\n  mail.example.com: { role: mailbox, mailboxes: ["alice@example.com"] }\nmessages:\n  - { from: "bob@sender.test", to: "alice@example.com", via: gw.test }\n';
    const undeclared = defineConfig({ roles: [{ id: 'mine', summary: 's', machine: (env) => roleMachine(env, { id: 'mine', routing: [{ hop: 'elsewhere' }] }) }] });
    // The role's bug is its config's error (exit 2 at the CLI), never a crash of mxproof.
    expect(check(base, { config: undeclared })).toMatchObject({
      ok: false,
      errors: [{ file: '(config)', field: 'roles[0].machine', message: expect.stringMatching(/^role mine: its machine chose the hop `elsewhere` for <alice@example.com> at gw.test, but its `hops` declares only route$/) }],
    });
    const circular = defineConfig({
      roles: [
        {
          id: 'mine',
          summary: 's',
          hops: () => ({}),
          machine: (env) => roleMachine(env, { id: 'mine', guards: { odd: ({ context }) => nextHopOf(env, context.rcpt).kind === 'local' }, routing: [{ when: 'odd', hop: 'route' }] }),
        },
      ],
    });
    expect(check(base, { config: circular })).toMatchObject({
      ok: false,
      errors: [{ field: 'roles[0].machine', message: expect.stringMatching(/^role mine: a guard of its routing state asks where the host routes/) }],
    });
  });

  it('refuses a preset that is not one, at its field', () => {
    const base = 'version: 1\nhosts:\n  gw.test: { role: mine }\nmessages:\n  - { from: "bob@sender.test", to: "alice@example.com", via: gw.test }\n';
    const machine = (env: Parameters<typeof roleMachine>[0]) => roleMachine(env, { id: 'mine' });
    const cases: [unknown, string, RegExp][] = [
      [{ route: 'mx' }, 'roles[0].preset.route', /^expected a route — \{ kind: 'mx' \}.*, got `mx`$/],
      [{ verify: 'nope' }, 'roles[0].preset.verify', /^expected a verify mode \(none, local, list, call-ahead\) or \{ withRecipients, otherwise \}, got `nope`$/],
      [{ accepts: 'all' }, 'roles[0].preset.accepts', /^expected 'required', 'own-mailboxes' or a list of domains, got `all`$/],
    ];
    for (const [preset, field, message] of cases) {
      const config = { roles: [{ id: 'mine', summary: 's', preset, machine }] } as unknown as Parameters<typeof defineConfig>[0];
      expect(check(base, { config })).toMatchObject({ ok: false, errors: [{ field, message: expect.stringMatching(message) }] });
    }
  });

  it('turns an exception in a role’s machine into an error of the config, not a crash', () => {
    const base = 'version: 1\nhosts:\n  gw.test: { role: mine }\nmessages:\n  - { from: "bob@sender.test", to: "alice@example.com", via: gw.test }\n';
    const broken = defineConfig({ roles: [{ id: 'mine', summary: 's', machine: () => { throw new TypeError('no such option'); } }] });
    const outcome = check(base, { config: broken });
    expect(outcome).toMatchObject({ ok: false, errors: [{ file: '(config)', field: 'roles[0].machine', message: 'role `mine`: machine threw TypeError: no such option' }] });
  });

  it('refuses a machine that does not carry the tags the composed system drives it by, naming them', () => {
    const base = 'version: 1\nhosts:\n  gw.test: { role: mine }\nmessages:\n  - { from: "bob@sender.test", to: "alice@example.com", via: gw.test }\n';
    const bare = defineConfig({ roles: [{ id: 'mine', summary: 's', machine: () => setup({}).createMachine({ initial: 'idle', states: { idle: {}, accepted: { tags: ['awaits-route'] } } }) }] });
    expect(check(base, { config: bare })).toMatchObject({
      ok: false,
      errors: [{ field: 'roles[0].machine', message: expect.stringMatching(/^role `mine`: machine returned an object; its machine tags no state `connects`, `awaits-rcpt-reply`, `awaits-data-reply`, `retries`, `hands-off`, `delivers`, `bounces`: /) }],
    });
  });

  it('refuses a machine whose tags leave the next step ambiguous', () => {
    const base = 'version: 1\nhosts:\n  gw.test: { role: mine }\nmessages:\n  - { from: "bob@sender.test", to: "alice@example.com", via: gw.test }\n';
    const states = Object.fromEntries(REQUIRED_TAGS.map((tag) => [`s-${tag}`, { tags: [tag] }]));
    const config = (extra: Record<string, { tags: string[] }>) =>
      defineConfig({ roles: [{ id: 'mine', summary: 's', machine: () => setup({}).createMachine({ initial: 'idle', states: { idle: {}, ...states, ...extra } }) }] });
    expect(check(base, { config: config({ held: { tags: ['awaits-route'] } }) })).toMatchObject({
      ok: false,
      errors: [{ field: 'roles[0].machine', message: expect.stringContaining('its machine tags s-awaits-route, held `awaits-route`: a message starts at its first host in that state, so one state only may carry it') }],
    });
    expect(check(base, { config: config({ both: { tags: ['connects', 'retries'] } }) })).toMatchObject({
      ok: false,
      errors: [{ field: 'roles[0].machine', message: expect.stringContaining('its state both carries connects and retries: each says what the composed system does next there') }],
    });
    // Several states may deliver (an effect tag): the machine is taken.
    expect(JSON.stringify(check(base, { config: config({ stored: { tags: ['delivers'] } }) }))).not.toContain('roles[0].machine');
  });
});

describe('the CLI with a role of your own', () => {
  const rules = join(DIRECT, 'rules.yaml');
  const cfg = join(DIRECT, 'mxproof.config.ts');

  it('draws its statechart with the routing choice as a guard', async () => {
    const r = await cli('diagram', rules, '--config', cfg, '--kind', 'machines', '--role', 'direct-relay', '--format', 'mermaid');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[best mx is filter] / chooses the hop to-destination');
    expect(r.stdout).toContain('[else] / chooses the hop route');
  });

  it('draws its chart in the docs, with its note, after the built-in roles', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mxproof-roles-'));
    try {
      const r = await cli('docs', rules, '--config', cfg, '--out', out);
      expect(r.code).toBe(0);
      const page = readFileSync(join(out, 'machines.md'), 'utf8');
      expect(page.indexOf('## direct-relay')).toBeGreaterThan(page.indexOf('## mta'));
      expect(page).toContain('MailHop-style relay: when the best MX is tagged as a filter, delivers to its destination');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it.each([
    ['stage', [rules, '--config', cfg], 'mxproof stage: examples/plugins/relay-direct-to-filter/rules.yaml: cannot stage role direct-relay of a config: a real Exim or Postfix has no configuration for it\n'],
    ['export', ['--promela', rules, '--config', cfg], "mxproof: examples/plugins/relay-direct-to-filter/rules.yaml: cannot export role direct-relay of a config to Promela: the program encodes the built-in roles' machines only\n"],
  ])('%s refuses it in one line, exit 2', async (command, args, line) => {
    const r = await cli(command, ...args.map((a) => a.replace(`${process.cwd()}/`, '')));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(line);
  });

  it('names the role that does not exist, with the config’s own among the valid ones', async () => {
    const bad = join('test', 'fixtures', 'malformed', 'unknown-role.yaml');
    const r = await cli('check', bad, '--config', cfg.replace(`${process.cwd()}/`, ''));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown-role\.yaml:5:11: hosts\["mx1\.mailhop\.test"\]\.role: unknown role `relais`; valid: .*`mta`, `direct-relay` \(did you mean `relay`\?\); `direct-relay` is registered by .*mxproof\.config\.ts\n/);
  });
});
