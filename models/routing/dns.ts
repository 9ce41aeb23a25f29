/**
 * What a resolver answers for the topology: MX lists (following a CNAME at the owner, as resolvers
 * do), the implicit MX of RFC 5321 §5.1, and whether a name resolves to an address at all. Every
 * host listed in `hosts` resolves by its name (FORMAT.md).
 */
import type { MxRecord, Topology } from '../topology/types.js';

export type MxAnswer =
  /** A null MX (RFC 7505); `others` are the records beside it, which only Exim still uses. */
  | { kind: 'null'; others: MxRecord[] }
  | { kind: 'records'; records: MxRecord[] }
  /** No MX record: the domain's own address is the implicit MX, if it has one. */
  | { kind: 'implicit'; host: string }
  | { kind: 'nxdomain' };

const MAX_CNAME_CHAIN = 8;

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export function isHost(topology: Topology, name: string): boolean {
  return hostNames(topology).has(name);
}

/**
 * The host names of a topology as a set, built once per hosts array: routing asks "is this a host?"
 * for every MX target and CNAME step, and a linear scan would make a provider-sized file quadratic.
 * Keyed by the array, so a topology whose hosts are replaced (explore's shrinking) gets a new set.
 */
function hostNames(topology: Topology): ReadonlySet<string> {
  let names = hostNameSets.get(topology.hosts);
  if (names === undefined) hostNameSets.set(topology.hosts, (names = new Set(topology.hosts.map((h) => h.name))));
  return names;
}
const hostNameSets = new WeakMap<readonly Topology['hosts'][number][], ReadonlySet<string>>();

/** True when `name` has an address: it is a modelled host or carries A/AAAA records. */
export function hasAddress(topology: Topology, name: string): boolean {
  if (isHost(topology, name)) return true;
  const entry = topology.dns[name];
  return (entry?.a?.length ?? 0) > 0 || (entry?.aaaa?.length ?? 0) > 0;
}

export function lookupMx(topology: Topology, domain: string): MxAnswer {
  let owner = domain;
  for (let i = 0; i < MAX_CNAME_CHAIN; i++) {
    const entry = topology.dns[owner];
    if (entry?.cname !== undefined && entry.mx === undefined) {
      owner = entry.cname;
      continue;
    }
    const records = entry?.mx ?? [];
    if (records.some((r) => r.host === '.')) return { kind: 'null', others: sortMx(records.filter((r) => r.host !== '.')) };
    if (records.length > 0) return { kind: 'records', records: sortMx(records) };
    return hasAddress(topology, owner) ? { kind: 'implicit', host: owner } : { kind: 'nxdomain' };
  }
  return { kind: 'nxdomain' };
}

const sortMx = (records: readonly MxRecord[]): MxRecord[] => [...records].sort((a, b) => a.preference - b.preference);

/**
 * The name a connection to `name` reaches: resolvers follow a CNAME to its target's address
 * (RFC 1034 §3.6.2), so a connection does too, and a host recognises itself by that address.
 */
export function canonicalName(topology: Topology, name: string): string {
  let at = name;
  for (let hops = 0; hops < MAX_CNAME_CHAIN && !isHost(topology, at); hops++) {
    const next = topology.dns[at]?.cname;
    if (next === undefined) break;
    at = next;
  }
  return at;
}

/** True when a connection to `name` reaches an address: a host, or a name with address records. */
export function resolves(topology: Topology, name: string): boolean {
  return hasAddress(topology, canonicalName(topology, name));
}

/** The lowest preference value among `records` (the best MX), or undefined for an empty list. */
export function bestPreference(records: readonly MxRecord[]): number | undefined {
  let best: number | undefined;
  for (const r of records) if (best === undefined || r.preference < best) best = r.preference;
  return best;
}
