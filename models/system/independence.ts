/**
 * Which transient faults each message can feel. A message's steps read the rest of the world only
 * through whether a host it connects to is down, and only transient faults change that; no step
 * of a message changes another message or a fault. So each message is a part of its own, and the
 * transient faults are the environment the parts read (src/checker/packed.ts): product.ts checks
 * each message alone with the faults it may meet flipping freely, and combines the verdicts and
 * figures exactly, whether or not messages share a fault (docs/performance.md argues why).
 *
 * The hosts a message may connect to are over-approximated from routing alone: start at the
 * holder, and add every next-hop candidate of every host added (a delivery and a call-ahead both
 * go to the next hop). Over-approximating only lets a message's run flip a fault it never reads.
 */
import { nextHopOf } from '../machines/env.js';
import type { MailWorld } from './world.js';

export interface FaultReads {
  /** Per message: the transient faults it may connect to, as positions in `system.transient`, ascending. */
  ofMessage: number[][];
  /** Per transient fault: how many messages may connect to it. */
  readers: number[];
  /** Per message: the hosts it may be held at or connect to (its origin first), which bounds its choices. */
  hosts: number[][];
}

/** The modelled hosts message `message` may ever open a connection to. */
export function reachableTargets(system: MailWorld, message: number, origin: number): Set<number> {
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

export function faultReads(system: MailWorld, origins: readonly number[]): FaultReads {
  const readers = system.transient.map(() => 0);
  const bitOf = new Map(system.transient.map((host, bit) => [host, bit]));
  const hosts: number[][] = [];
  const ofMessage = origins.map((origin, message) => {
    const bits: number[] = [];
    const targets = reachableTargets(system, message, origin);
    hosts.push([origin, ...[...targets].filter((h) => h !== origin)]);
    for (const host of targets) {
      const bit = bitOf.get(host);
      if (bit !== undefined) bits.push(bit);
    }
    bits.sort((a, b) => a - b);
    for (const bit of bits) readers[bit]!++;
    return bits;
  });
  return { ofMessage, readers, hosts };
}

