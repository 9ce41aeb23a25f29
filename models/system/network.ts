/**
 * Whether a client can open an SMTP connection to a candidate next hop right now. A blocked port,
 * a port the host does not listen on and a down host fail the same way; an `allowFrom` lock lets
 * the connection open and refuses the client in the greeting with the host's `allowFromReply`
 * (FORMAT.md 1.1, "Network and faults"); a name outside `hosts` either does not resolve, or is a
 * server mxproof does not model.
 */
import type { Topology } from '../topology/types.js';
import { canonicalName, hasAddress } from '../routing/dns.js';

export type Connection =
  | { kind: 'open'; host: number }
  | { kind: 'failed'; why: string }
  /** The server answered the greeting with a refusal (its `allowFromReply`): an IP lock. */
  | { kind: 'refused'; host: number; code: number; why: string }
  | { kind: 'external' };

export class Network {
  private readonly index = new Map<string, number>();
  private readonly blocked = new Set<string>();

  constructor(private readonly topology: Topology) {
    topology.hosts.forEach((h, i) => this.index.set(h.name, i));
    for (const b of topology.network.blocked) this.blocked.add(`${b.host}:${b.port}`);
  }

  hostIndex(name: string): number | undefined {
    return this.index.get(name);
  }

  private canonical(name: string): string {
    return canonicalName(this.topology, name);
  }

  /** The host index a connection to `name` reaches (following CNAMEs), if it is a modelled host. */
  resolve(name: string): number | undefined {
    return this.index.get(this.canonical(name));
  }

  connect(client: string, name: string, port: number, down: readonly boolean[]): Connection {
    const target = this.canonical(name);
    const i = this.index.get(target);
    if (i === undefined) {
      return hasAddress(this.topology, target) ? { kind: 'external' } : { kind: 'failed', why: `${target} does not resolve` };
    }
    const host = this.topology.hosts[i]!;
    if (down[i]) {
      const fault = this.topology.network.faults[target];
      return { kind: 'failed', why: fault === 'transient' ? `${target} is down (transient fault)` : `${target} is down` };
    }
    if (this.blocked.has(`${target}:${port}`)) return { kind: 'failed', why: `port ${port} of ${target} is blocked` };
    if (!host.listen.includes(port)) return { kind: 'failed', why: `${target} does not listen on port ${port}` };
    if (host.allowFrom !== null && !host.allowFrom.includes(client)) {
      const said = host.allowFromReply === 550 ? '5.7.1 IP Authorization check failed' : '4.7.1 not allowed to connect, try again later';
      const why = `${said}: ${target} accepts connections only from ${host.allowFrom.join(', ')}`;
      return { kind: 'refused', host: i, code: host.allowFromReply, why };
    }
    return { kind: 'open', host: i };
  }
}
