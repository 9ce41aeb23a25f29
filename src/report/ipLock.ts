/**
 * The IP locks a topology map draws: a host whose `allowFrom` does not list a client refuses it at
 * connect with its `allowFromReply` — 421, temporary, after which the client moves on as from a
 * down host, or 550 (FORMAT.md, "Network and faults"). The target is the host a connection to the
 * name reaches, CNAMEs followed, as the model connects (models/routing/dns.ts).
 */
import { canonicalName } from '../../models/routing/dns.js';
import type { AllowFromReply, Topology } from '../../models/topology/types.js';

export interface IpLock {
  reply: AllowFromReply;
  /** The clients refused, of those that connect along the edge. */
  clients: string[];
  /** Every client that connects along the edge is refused (else some get through). */
  all: boolean;
}

/** The lock `target` puts on connections from `clients`, or null when it lets them all in. */
export function ipLock(topology: Topology, target: string, clients: readonly string[]): IpLock | null {
  const name = canonicalName(topology, target);
  const host = topology.hosts.find((h) => h.name === name);
  if (host === undefined || host.allowFrom === null) return null;
  const allowed = host.allowFrom;
  const refused = clients.filter((c) => !allowed.includes(c));
  if (refused.length === 0) return null;
  return { reply: host.allowFromReply, clients: refused, all: refused.length === clients.length };
}

/**
 * How an edge says it: ` (refused: 421)` where the edge's own source is the client, ` (refused: 550
 * to sender)` where the clients are the senders of the mail an MX edge carries.
 */
export function lockText(lock: IpLock, namesClients: boolean): string {
  return ` (refused: ${lock.reply}${namesClients ? ` to ${lock.clients.join(', ')}` : ''})`;
}
