/**
 * Which messages can interact. A message's steps read the rest of the world only through whether
 * a host it connects to is down, and only transient faults change that: two messages that can
 * never connect to the same transient host evolve independently, and so does a transient host
 * no message connects to. The parts are the groups that remain when messages sharing a transient
 * host are joined (product.ts checks each part alone and combines the verdicts).
 *
 * The hosts a message may connect to are over-approximated from routing alone: start at the
 * holder, and add every next-hop candidate of every host added (a delivery and a call-ahead both
 * go to the next hop). Over-approximating only joins parts that could have stayed apart.
 */
import { nextHopOf } from '../machines/env.js';
import type { MailSystem } from './mailSystem.js';

export interface Parts {
  count: number;
  /** Part of each message. */
  ofMessage: number[];
  /** Part of each transient fault, by its position in `system.transient`. */
  ofTransient: number[];
}

/** The modelled hosts message `message` may ever open a connection to. */
export function reachableTargets(system: MailSystem, message: number, origin: number): Set<number> {
  const rcpt = system.topology.messages[message]!.to;
  const seen = new Set<number>([origin]);
  const targets = new Set<number>();
  const queue = [origin];
  for (let i = 0; i < queue.length; i++) {
    const hop = nextHopOf(system.local.env(queue[i]!), rcpt);
    if (hop.kind !== 'candidates') continue;
    for (const c of hop.candidates) {
      const h = system.network.resolve(c.host);
      if (h === undefined) continue;
      targets.add(h);
      if (!seen.has(h)) {
        seen.add(h);
        queue.push(h);
      }
    }
  }
  return targets;
}

export function independentParts(system: MailSystem, origins: readonly number[]): Parts {
  const transient = system.transient;
  const m = origins.length;
  // Union-find over messages (0 .. m-1) and transient faults (m .. m+t-1).
  const parent = Array.from({ length: m + transient.length }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  origins.forEach((origin, message) => {
    const targets = reachableTargets(system, message, origin);
    transient.forEach((host, j) => {
      if (targets.has(host)) parent[find(m + j)] = find(message);
    });
  });
  const number = new Map<number, number>();
  const partOf = (i: number): number => {
    const root = find(i);
    let p = number.get(root);
    if (p === undefined) number.set(root, (p = number.size));
    return p;
  };
  const ofMessage = origins.map((_, i) => partOf(i));
  const ofTransient = transient.map((_, j) => partOf(m + j));
  return { count: number.size, ofMessage, ofTransient };
}
