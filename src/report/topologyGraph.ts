/**
 * The topology as a graph to draw, independent of the drawing language: domains with their MX
 * edges (labelled with preferences), hosts with role, software, verification, ports, blocked ports
 * and faults, route edges to each host's next hops with ports, call-ahead edges of hosts that verify
 * by call-ahead, and the mail each message starts with. An edge along which a client the target's
 * `allowFrom` does not list would connect carries that IP lock (ipLock.ts). Pairs a counterexample
 * loops through are marked `cycle`. Routes are resolved the way the model resolves them
 * (models/routing/nextHop.ts).
 */
import { domainOf, lookupMx } from '../../models/routing/dns.js';
import { routeFor } from '../../models/routing/nextHop.js';
import { hopOfHost } from '../../models/roles/hostEnv.js';
import type { Fault, Host, Topology } from '../../models/topology/types.js';
import type { CheckResult } from '../../properties/result.js';
import { cyclePairs, type Pair } from './cycle.js';
import { ipLock, type IpLock } from './ipLock.js';

export type NodeKind = 'sender' | 'domain' | 'host' | 'external';
export type EdgeKind = 'mail' | 'mx' | 'route' | 'call-ahead';

export interface TopologyNode {
  /** A synthetic identifier (`n1`, `n2`, …): names never become identifiers in any format. */
  id: string;
  kind: NodeKind;
  name: string;
  /** Further label lines: role, verification, ports, faults. */
  details: string[];
  fault: Fault | null;
  blockedPorts: number[];
}

export interface TopologyEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label: string;
  /** The edge connects to a port the network blocks. */
  blocked: boolean;
  /**
   * The target refuses clients that connect along the edge at connect (`allowFrom`): the edge's
   * source for a route or call-ahead, the senders of the domain's mail for an MX edge.
   */
  refused: IpLock | null;
  /** The edge is a pair a counterexample loops through. */
  cycle: boolean;
  /** Configured but not taken: a relay's destination while it is not the best MX. */
  idle: boolean;
}

export interface TopologyGraph {
  file: string;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export function topologyGraph(topology: Topology, result: CheckResult | null = null): TopologyGraph {
  return new GraphBuilder(topology, result).build();
}

class GraphBuilder {
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly edges: TopologyEdge[] = [];

  constructor(
    private readonly topology: Topology,
    private readonly result: CheckResult | null,
  ) {}

  build(): TopologyGraph {
    const t = this.topology;
    for (const m of t.messages) {
      const from = m.via === null ? this.senderNode() : this.hostNode(m.via);
      this.edge(from, this.domainNode(domainOf(m.to)), 'mail', `mail for <${m.to}>`);
    }
    for (const h of t.hosts) this.hostNode(h.name);
    const domains = [...Object.keys(t.dns).filter((d) => t.dns[d]!.mx !== undefined), ...t.messages.map((m) => domainOf(m.to))];
    for (const d of new Set(domains)) this.mxEdges(d);
    for (const h of t.hosts) this.hopEdges(h);
    this.markCycles();
    return { file: t.file, nodes: [...this.nodes.values()], edges: this.edges };
  }

  private node(key: string, create: () => Omit<TopologyNode, 'id'>): string {
    let n = this.nodes.get(key);
    if (n === undefined) this.nodes.set(key, (n = { id: `n${this.nodes.size + 1}`, ...create() }));
    return n.id;
  }

  private nodeById(id: string): TopologyNode {
    return [...this.nodes.values()].find((n) => n.id === id)!;
  }

  /** The implicit sending MTA's name as the model gives it: `sender`, or `sender~` beside a host `sender`. */
  private senderName(): string {
    let name = 'sender';
    while (this.topology.hosts.some((h) => h.name === name)) name += '~';
    return name;
  }

  private senderNode(): string {
    const name = this.senderName();
    const software = this.topology.defaults.software;
    const details = software === 'generic' ? ['sending MTA'] : ['sending MTA', `software: ${software}`];
    return this.node(`host:${name}`, () => ({ kind: 'sender', name, details, fault: null, blockedPorts: [] }));
  }

  private domainNode(domain: string): string {
    return this.node(`domain:${domain}`, () => ({ kind: 'domain', name: domain, details: ['domain'], fault: null, blockedPorts: [] }));
  }

  private hostNode(name: string): string {
    return this.node(`host:${name}`, () => {
      const host = this.topology.hosts.find((h) => h.name === name);
      if (host === undefined) return { kind: 'external', name, details: ['not modelled'], fault: null, blockedPorts: [] };
      const fault = this.topology.network.faults[name] ?? null;
      const blockedPorts = this.topology.network.blocked.filter((b) => b.host === name).map((b) => b.port);
      const details = [host.role, `verify: ${host.verify}`];
      // Where real MTAs differ the host follows its software (FORMAT.md 1.1): worth seeing on the map.
      if (host.software !== 'generic') details.push(`software: ${host.software}`);
      if (host.listen.length !== 1 || host.listen[0] !== 25) details.push(`listens on ${host.listen.join(', ')}`);
      if (blockedPorts.length > 0) details.push(`port ${blockedPorts.join(', ')} blocked`);
      if (fault !== null) details.push(fault === 'down' ? 'down' : 'transient fault');
      return { kind: 'host', name, details, fault, blockedPorts };
    });
  }

  private edge(from: string, to: string, kind: EdgeKind, label: string, how: Partial<Pick<TopologyEdge, 'blocked' | 'idle' | 'refused'>> = {}): TopologyEdge {
    const same = this.edges.find((e) => e.from === from && e.to === to && e.kind === kind && e.label === label);
    if (same !== undefined) return same;
    const e = { from, to, kind, label, blocked: how.blocked ?? false, refused: how.refused ?? null, cycle: false, idle: how.idle ?? false };
    this.edges.push(e);
    return e;
  }

  private mxEdges(domain: string): void {
    const from = this.domainNode(domain);
    const answer = lookupMx(this.topology, domain);
    const n = this.nodeById(from);
    const clients = this.mxClients(domain);
    const locked = (host: string) => ({ refused: ipLock(this.topology, host, clients) });
    if (answer.kind === 'null' && answer.others.length > 0) {
      // Beside other records the null MX is bad DNS that clients read differently (FORMAT.md 1.1):
      // Exim ignores it and delivers to the others, so they are drawn, dashed as idle for the rest.
      n.details = ['domain', 'null MX beside other records: Exim uses the others, others bounce'];
      for (const r of answer.others) this.edge(from, this.hostNode(r.host), 'mx', `MX ${r.preference} (Exim only)`, { ...locked(r.host), idle: true });
    } else if (answer.kind === 'null') n.details = ['domain', 'null MX: accepts no mail'];
    else if (answer.kind === 'nxdomain') n.details = ['domain', 'no MX, no address'];
    else if (answer.kind === 'implicit') this.edge(from, this.hostNode(answer.host), 'mx', 'implicit MX (address)', locked(answer.host));
    else for (const r of answer.records) this.edge(from, this.hostNode(r.host), 'mx', `MX ${r.preference}`, locked(r.host));
  }

  /**
   * Who connects along a domain's MX edges: the senders of its mail that deliver by MX — the
   * implicit sender, and `via` hosts routing the domain by MX. Hosts that relay the domain's mail
   * have route edges of their own, locked there.
   */
  private mxClients(domain: string): string[] {
    const clients = new Set<string>();
    for (const m of this.topology.messages) {
      if (domainOf(m.to) !== domain) continue;
      const via = m.via === null ? null : this.topology.hosts.find((h) => h.name === m.via);
      if (via === null) clients.add(this.senderName());
      else if (via !== undefined && routeFor(via, domain).kind === 'mx') clients.add(via.name);
    }
    return [...clients];
  }

  /** Where a host sends (and, verifying by call-ahead, asks about) mail for each domain it takes. */
  private hopEdges(host: Host): void {
    const t = this.topology;
    const domains = host.accepts.includes('*') ? [...new Set(t.messages.map((m) => domainOf(m.to)))] : host.accepts;
    const from = this.hostNode(host.name);
    for (const domain of domains) {
      const hop = hopOfHost(t, host, `postmaster@${domain}`);
      if (hop.kind !== 'candidates') continue;
      const suffix = domains.length > 1 ? ` (${domain})` : '';
      for (const c of hop.candidates) {
        const blocked = t.network.blocked.some((b) => b.host === c.host && b.port === c.port);
        const to = this.hostNode(c.host);
        const refused = ipLock(t, c.host, [host.name]);
        this.edge(from, to, 'route', `route :${c.port}${suffix}`, { blocked, refused });
        if (host.verify === 'call-ahead') this.edge(from, to, 'call-ahead', `call-ahead :${c.port}${suffix}`, { blocked, refused });
      }
      // MailHop's rule: the destination is used only by the best MX. Show it, idle, where it is not.
      const route = host.routes[domain] ?? host.route;
      if (route.kind === 'bestMxElse' && !hop.candidates.some((c) => c.host === route.dest.host && c.port === route.dest.port)) {
        const blocked = t.network.blocked.some((b) => b.host === route.dest.host && b.port === route.dest.port);
        const refused = ipLock(t, route.dest.host, [host.name]);
        this.edge(from, this.hostNode(route.dest.host), 'route', `destination :${route.dest.port}${suffix}, only as best MX`, { blocked, refused, idle: true });
      }
    }
  }

  private markCycles(): void {
    const pairs = cyclePairs(this.result);
    this.mark(pairs.forwarding, 'route');
    this.mark(pairs.callAhead, 'call-ahead');
  }

  private mark(pairs: readonly Pair[], kind: EdgeKind): void {
    for (const p of pairs) {
      const from = this.hostNode(p.from);
      const to = this.hostNode(p.to);
      const found = this.edges.filter((e) => e.from === from && e.to === to && e.kind === kind);
      if (found.length === 0) found.push(this.edge(from, to, kind, `${kind} (in the counterexample)`));
      for (const e of found) e.cycle = true;
    }
  }
}

/** The names of the hosts a graph marks as lying on a cycle, for captions and tests. */
export function cycleHosts(graph: TopologyGraph): string[] {
  const ids = new Set(graph.edges.filter((e) => e.cycle).flatMap((e) => [e.from, e.to]));
  return graph.nodes.filter((n) => ids.has(n.id)).map((n) => n.name);
}
