/**
 * A host memory is per message (models/system/memory.ts), exact only while no two messages to one
 * recipient can reach a host that remembers: such a topology is refused at file, line and field by
 * the loader, by the API for a topology object, and never drawn by explore; a role declares its
 * memory with an integer, and a machine that remembers without one is said plainly to be wrong.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyArbitrary } from '../../models/arbitraries/topology.js';
import type { HostEnv } from '../../models/machines/env.js';
import { roleMachine } from '../../models/machines/roleMachine.js';
import { hostSetup } from '../../models/machines/hostSetup.js';
import type { AnyStateMachine } from 'xstate';
import { sharedMemory } from '../../models/system/memoryScope.js';
import { checkTopology } from '../../properties/check.js';
import { loadTopology } from '../../src/api/load.js';
import { check } from '../../src/index.js';
import { resolveConfig } from '../../src/config/resolve.js';
import { setup } from '../../src/explore/search.js';
import { cli } from '../cli/run.js';
import { cacheConfig, CHAIN, CONFIG, DIR, load, withCacheConfig } from './cacheHelpers.js';

withCacheConfig();

describe('callout cache: messages that would share a memory', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'mxproof-cache-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const TWO = `${CHAIN}  - { from: "carol@sender.test", to: "Alice@example.com" }\n`;

  it('are refused by check, naming the file, the line and field of the second, the first one’s line and the host (exit 2)', async () => {
    const file = join(dir, 'two.yaml');
    writeFileSync(file, TWO);
    const run = await cli('check', file, '--config', relative(process.cwd(), CONFIG));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${file}:19:38: messages[1].to: messages[0] (line 18) and messages[1] both go to <alice@example.com>, and both can reach mx.scan.test, whose role \`caching-filter\` remembers per recipient (its \`memory\`)`,
    );
    expect(run.stdout).toBe('');
  });

  it('are refused by the API for a topology object built in a program', () => {
    const topology = load(CHAIN);
    const twice = { ...topology, messages: [...topology.messages, { ...topology.messages[0]!, from: 'carol@sender.test' }] };
    expect(sharedMemory(twice)).toEqual({ messages: [0, 1], host: 'mx.scan.test', role: 'caching-filter' });
    expect(() => checkTopology(twice)).toThrow(/messages 0 and 1 go to one recipient and both reach mx.scan.test/);
  });

  it('are checked when no host with memory sees both, or no host has memory', () => {
    // The second one starts at the server that holds the mailbox: it never reaches a filter.
    const apart = `${CHAIN}  - { from: "carol@sender.test", to: "alice@example.com", via: mail.example.com }\n`;
    expect(loadTopology(apart, 'apart.yaml', { config: cacheConfig() }).ok).toBe(true);
    expect(loadTopology(TWO.replace('role: caching-filter', 'role: filter'), 'plain.yaml', { config: cacheConfig() }).ok).toBe(true);
    expect(loadTopology(TWO.replace('to: "Alice@example.com"', 'to: "bob@example.com"'), 'other.yaml', { config: cacheConfig() }).ok).toBe(true);
  });

  it('are never drawn by explore around rules with a memory, though the surroundings would draw some', () => {
    const rules = load(readFileSync(join(DIR, 'rules.yaml'), 'utf8'), 'rules.yaml');
    const s = setup(rules, {});
    const drawn = fc.sample(s.arbitrary, { seed: 42, numRuns: 300 });
    expect(drawn.filter((t) => sharedMemory(t) !== null)).toEqual([]);
    const unfiltered = fc.sample(topologyArbitrary({ fixedHosts: rules.hosts, fixedDns: rules.dns }).map((t) => ({ ...t, roles: rules.roles })), { seed: 42, numRuns: 300 });
    expect(unfiltered.filter((t) => sharedMemory(t) !== null).length).toBeGreaterThan(0);
  });
});

describe('a role’s memory, declared in a config', () => {
  const role = { id: 'forgetful-filter', summary: 'a filter', preset: { accepts: 'required' as const, verify: 'call-ahead' as const } };

  it('must start from an integer: anything else is named at its field', () => {
    const resolved = resolveConfig({ roles: [{ ...role, memory: { initial: 'none' }, machine: (env: HostEnv) => roleMachine(env, { id: 'forgetful-filter' }) }] });
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) expect(resolved.errors.map((e) => e.field)).toEqual(['roles[0].memory.initial']);
  });

  it('must be declared by a role whose machine remembers: the config’s error at the role, not a crash', () => {
    const forgetful = { roles: [{ ...role, machine: (env: HostEnv) => roleMachine(env, { id: 'forgetful-filter', remembers: ['accepted'] }) }] };
    expect(check(CHAIN.replace('role: caching-filter', 'role: forgetful-filter'), { config: forgetful })).toMatchObject({
      ok: false,
      errors: [{ file: '(config)', field: 'roles[0].machine', message: 'role forgetful-filter: its machine remembers 250 at mx.scan.test, but the role declares no `memory`' }],
    });
  });

  it('must remember an integer: a machine written by hand that remembers anything else is the config’s error at the role', () => {
    /** The machine's config with every `remember` action's params replaced by a word. */
    const rememberingWords = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rememberingWords);
      if (node === null || typeof node !== 'object') return node;
      if ((node as { type?: unknown }).type === 'remember') return { type: 'remember', params: { value: 'yes' } };
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, typeof v === 'function' ? v : rememberingWords(v)]));
    };
    const wordy = {
      roles: [{
        ...role,
        memory: { initial: 0 },
        machine: (env: HostEnv) => {
          const config = roleMachine(env, { id: 'forgetful-filter', remembers: ['accepted'] }).config as { states: object };
          return hostSetup(env).createMachine({ ...config, states: rememberingWords(config.states) } as never) as unknown as AnyStateMachine;
        },
      }],
    };
    expect(check(CHAIN.replace('role: caching-filter', 'role: forgetful-filter'), { config: wordy })).toMatchObject({
      ok: false,
      errors: [{ file: '(config)', field: 'roles[0].machine', message: 'role forgetful-filter: its machine\'s `remember` action must carry an integer `value` in its params, got {"value":"yes"}' }],
    });
  });

});
