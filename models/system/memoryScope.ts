/**
 * Where a per-message host memory would not be exact (memory.ts): a real cache is per host and
 * keyed by recipient, so two messages to the same recipient share a host's entry, while mxproof
 * checks each message in states of its own. When both can reach a host that remembers, one
 * message's check would miss what the other's sessions left in the cache. Such topologies are
 * refused, naming the messages and the host, never checked with a cache that forgets.
 *
 * Which hosts a message can reach is over-approximated as the fault reads are (independence.ts):
 * its origin and every next-hop candidate of every host reached, deliveries and call-aheads
 * alike. Over-approximating only refuses more, never checks a shared cache apart.
 */
import { findRole } from '../roles/registry.js';
import type { Topology } from '../topology/types.js';
import { reachableTargets } from './independence.js';
import { MailSystem } from './mailSystem.js';

export interface SharedMemory {
  /** Indices of the two messages (the first pair found, in file order), to the same recipient. */
  messages: [number, number];
  /** A host both can reach whose role keeps a memory. */
  host: string;
  role: string;
}

/** The first two messages to one recipient that a host with memory can both see, or null when there are none. */
export function sharedMemory(topology: Topology): SharedMemory | null {
  // Only a config's roles keep a memory: a file of built-in roles costs nothing here.
  if (topology.roles === undefined || ![...topology.roles.values()].some((r) => r.memory !== undefined)) return null;
  const remembering = new Set(topology.hosts.flatMap((h, i) => (findRole(topology.roles, h.role)?.memory === undefined ? [] : [i])));
  if (remembering.size === 0) return null;
  const byRcpt = new Map<string, number[]>();
  topology.messages.forEach((m, i) => {
    const rcpt = m.to.toLowerCase();
    byRcpt.set(rcpt, [...(byRcpt.get(rcpt) ?? []), i]);
  });
  const groups = [...byRcpt.values()].filter((g) => g.length > 1);
  if (groups.length === 0) return null;
  const system = new MailSystem(topology);
  const seenBy = (message: number): Set<number> => {
    const via = topology.messages[message]!.via;
    const origin = via === null ? system.senderIndex : system.network.hostIndex(via)!;
    return new Set([origin, ...reachableTargets(system, message, origin)]);
  };
  for (const group of groups) {
    const seen = group.map(seenBy);
    for (let a = 0; a < group.length; a++) {
      for (let b = a + 1; b < group.length; b++) {
        const host = [...remembering].find((h) => seen[a]!.has(h) && seen[b]!.has(h));
        if (host !== undefined) {
          const h = topology.hosts[host]!;
          return { messages: [group[a]!, group[b]!], host: h.name, role: h.role };
        }
      }
    }
  }
  return null;
}
