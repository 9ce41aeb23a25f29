/**
 * A static "who calls ahead to whom" graph, computed from the configuration alone, as the law in
 * laws.test.ts compares it with the checker. Without faults every connection is decided by the
 * file: a host calls ahead on RCPT when it accepts the domain, verifies by call-ahead and neither
 * holds the mailbox nor routes locally; it reaches the connectable members of its first next-hop
 * group that has one (equal preferences are tried in any order).
 */
import { nextHop, type Candidate } from '../../models/routing/nextHop.js';
import { domainOf } from '../../models/routing/dns.js';
import { Network } from '../../models/system/network.js';
import type { Host, Topology } from '../../models/topology/types.js';

function reachable(topology: Topology, net: Network, client: string, candidates: readonly Candidate[], allowExternal: boolean): string[] {
  const down = topology.hosts.map((h) => topology.network.faults[h.name] === 'down');
  const groups = [...new Set(candidates.map((c) => c.group))].sort((a, b) => a - b);
  for (const g of groups) {
    const conns = candidates.filter((c) => c.group === g).map((c) => net.connect(client, c.host, c.port, down));
    const open = conns.flatMap((c) => (c.kind === 'open' ? [topology.hosts[c.host]!.name] : []));
    if (open.length > 0 || (allowExternal && conns.some((c) => c.kind === 'external'))) return open;
  }
  return [];
}

function callsAhead(host: Host, rcpt: string): boolean {
  const domain = domainOf(rcpt);
  const accepts = host.accepts.includes('*') || host.accepts.includes(domain);
  return accepts && host.verify === 'call-ahead' && !host.mailboxes.includes(rcpt);
}

export function callAheadGraph(topology: Topology, rcpt: string): Map<string, string[]> {
  const net = new Network(topology);
  const edges = new Map<string, string[]>();
  for (const host of topology.hosts) {
    const hop = nextHop(topology, host, rcpt);
    edges.set(host.name, callsAhead(host, rcpt) && hop.kind === 'candidates' ? reachable(topology, net, host.name, hop.candidates, false) : []);
  }
  return edges;
}

/** Hosts the implicit sender's first delivery attempt can reach: its first MX group with a server. */
export function firstHops(topology: Topology, rcpt: string): string[] {
  const hop = nextHop(topology, null, rcpt);
  return hop.kind === 'candidates' ? reachable(topology, new Network(topology), 'sender', hop.candidates, true) : [];
}

/** Hosts mail may be handed to at all: the forwarding closure from the first hops, ignoring answers. */
export function anyHops(topology: Topology, rcpt: string): string[] {
  const net = new Network(topology);
  const seen = new Set(firstHops(topology, rcpt));
  const queue = [...seen];
  while (queue.length > 0) {
    const name = queue.shift()!;
    const host = topology.hosts.find((h) => h.name === name)!;
    const hop = nextHop(topology, host, rcpt);
    if (hop.kind !== 'candidates' || host.mailboxes.includes(rcpt)) continue;
    for (const next of reachable(topology, net, name, hop.candidates, true)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen];
}

/** Is a cycle reachable from any of `starts`? (Iterative colouring DFS.) */
export function cycleReachable(edges: Map<string, string[]>, starts: readonly string[]): boolean {
  const colour = new Map<string, 1 | 2>();
  for (const start of starts) {
    if (colour.has(start)) continue;
    const stack: [string, number][] = [[start, 0]];
    colour.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = edges.get(top[0]) ?? [];
      if (top[1] < next.length) {
        const w = next[top[1]++]!;
        const c = colour.get(w);
        if (c === 1) return true;
        if (c === undefined) {
          colour.set(w, 1);
          stack.push([w, 0]);
        }
      } else {
        colour.set(top[0], 2);
        stack.pop();
      }
    }
  }
  return false;
}
