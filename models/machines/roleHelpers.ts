/**
 * What a role of your own typically reads of the world, for its guards and its `hops`: the hosts
 * of the model by name, the recipient's best MX, the host's own route, and a list of next hops.
 * All of them read the topology only, so a role's routing choice stays a function of the host and
 * the recipient (hops.ts).
 */
import { bestPreference, canonicalName, domainOf } from '../routing/dns.js';
import { mxFailure, nextHop, type NextHop } from '../routing/nextHop.js';
import type { Host, HostPort, Topology } from '../topology/types.js';
import type { HostEnv } from './env.js';

/** The host of the model with this name (lower-case), if any. */
export function hostNamed(topology: Topology, name: string): Host | undefined {
  return topology.hosts.find((h) => h.name === name);
}

/**
 * The hosts of the model among the best-preference MX of the recipient's domain, as the host would
 * read the MX (its software's view of a mixed null MX). Empty when the domain has no usable MX or
 * its best MX is outside the model.
 */
export function bestMxHosts(env: HostEnv, rcpt: string): Host[] {
  const found = mxFailure(env.topology, env.host, domainOf(rcpt));
  if ('kind' in found) return [];
  const best = bestPreference(found.records);
  return found.records.flatMap((r) => {
    const host = r.preference === best ? hostNamed(env.topology, canonicalName(env.topology, r.host)) : undefined;
    return host === undefined ? [] : [host];
  });
}

/** The next hop the host's configured route gives (FORMAT.md `route`/`routes`): the hop `route`. */
export function routeHop(env: HostEnv, rcpt: string): NextHop {
  return nextHop(env.topology, env.host, rcpt);
}

/** Fixed next hops, tried in this order (as a `to` route): a hop a role may declare. */
export function candidatesTo(to: readonly HostPort[], why: string): NextHop {
  return { kind: 'candidates', candidates: to.map((hp, i) => ({ host: hp.host, port: hp.port, group: i })), why };
}

/** The hosts of the model a next hop's candidates name (those outside the model are left out). */
export function hopHosts(topology: Topology, hop: NextHop): Host[] {
  if (hop.kind !== 'candidates') return [];
  return hop.candidates.flatMap((c) => hostNamed(topology, canonicalName(topology, c.host)) ?? []);
}
