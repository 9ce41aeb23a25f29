/**
 * What the callout-cache tests share: the plugin's config, loading with it, the reachable states of
 * a small topology, and what hosts remembered or answered in them.
 */
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { MailSystem } from '../../models/system/mailSystem.js';
import type { MessageState, SystemState } from '../../models/system/types.js';
import type { Topology } from '../../models/topology/types.js';
import type { CheckResult } from '../../properties/result.js';
import { loadTopology } from '../../src/api/load.js';
import type { MxproofConfig } from '../../src/config/define.js';
import { loadConfig } from '../../src/config/load.js';
import { EXAMPLES } from '../helpers.js';

export const DIR = join(EXAMPLES, 'plugins', 'callout-cache');
export const CONFIG = join(DIR, 'mxproof.config.ts');

let config: MxproofConfig | undefined;

/** Loads the plugin's config before the file's tests (call at the top of a test file). */
export function withCacheConfig(): void {
  beforeAll(async () => {
    const loaded = await loadConfig(CONFIG);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    config = loaded.config;
  });
}

export function cacheConfig(): MxproofConfig {
  if (config === undefined) throw new Error('call withCacheConfig() first');
  return config;
}

export function load(text: string, file = 'chain.yaml'): Topology {
  const loaded = loadTopology(text, file, { config: cacheConfig() });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.topology;
}

/** Every reachable state of the object model (these topologies are tiny), breadth first. */
export function reachable(topology: Topology): SystemState[] {
  const system = new MailSystem(topology);
  const queue = [...system.initialStates()];
  const seen = new Set(queue.map((s) => system.fingerprint(s)));
  for (let i = 0; i < queue.length; i++) {
    const state = queue[i]!;
    for (const action of system.actions(state)) {
      const next = system.next(state, action);
      const key = system.fingerprint(next);
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  return queue;
}

export const messages = (states: readonly SystemState[]): MessageState[] => states.flatMap((s) => s.messages);

/** What a host answered RCPT in some reachable session: the reasons of its server-side snapshots (none while it verifies). */
export const reasonsAt = (topology: Topology, states: readonly SystemState[], host: string): Set<string> => {
  const index = topology.hosts.findIndex((h) => h.name === host);
  return new Set(messages(states).flatMap((m) => m.frames.filter((f) => f.host === index && f.snap.reason !== '').map((f) => f.snap.reason)));
};

/** `host=value` for every memory some reachable state holds. */
export const remembered = (topology: Topology, states: readonly SystemState[]): Set<string> =>
  new Set(messages(states).flatMap((m) => (m.memory ?? []).map((r) => `${topology.hosts[r.host]!.name}=${r.value}`)));

export const summary = (r: CheckResult) => ({
  verdicts: r.properties.map((p) => [p.id, p.verdict, p.counterexample?.path ?? null]),
  states: r.stats.states,
  transitions: r.stats.transitions,
});

/**
 * A filter in front of a filter in front of the customer's server: the edge filter calls ahead to
 * the scanning filter, which calls ahead to the server; then the edge filter delivers to the
 * scanning filter, which is asked about the same recipient a second time.
 */
export const CHAIN = `version: 1
dns:
  example.com:
    mx: ["10 mx.edge.test"]
hosts:
  mx.edge.test:
    role: filter
    accepts: [example.com]
    route: { to: ["mx.scan.test"] }
  mx.scan.test:
    role: caching-filter
    accepts: [example.com]
    route: { to: ["mail.example.com"] }
  mail.example.com:
    role: mailbox
    mailboxes: ["alice@example.com"]
messages:
  - { from: "bob@sender.test", to: "alice@example.com" }
`;
export const UNCACHED = CHAIN.replace('role: caching-filter', 'role: filter');
export const FAULTY = (text: string) => `${text}network:\n  faults: { mail.example.com: transient }\n`;

