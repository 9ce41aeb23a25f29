/**
 * What a resolver answers for the topology: MX lists (following a CNAME at the owner, as resolvers
 * do), the implicit MX of RFC 5321 §5.1, and whether a name resolves to an address at all. Every
 * host listed in `hosts` resolves by its name (FORMAT.md).
 */
import type { MxRecord, Topology } from '../topology/types.js';

export type MxAnswer =
  | { kind: 'null' }
  | { kind: 'records'; records: MxRecord[] }
  /** No MX record: the domain's own address is the implicit MX, if it has one. */
  | { kind: 'implicit'; host: string }
  | { kind: 'nxdomain' };

const MAX_CNAME_CHAIN = 8;

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export function isHost(topology: Topology, name: string): boolean {
  return topology.hosts.some((h) => h.name === name);
}

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
    if (records.some((r) => r.host === '.')) return { kind: 'null' };
    if (records.length > 0) return { kind: 'records', records: [...records].sort((a, b) => a.preference - b.preference) };
    return hasAddress(topology, owner) ? { kind: 'implicit', host: owner } : { kind: 'nxdomain' };
  }
  return { kind: 'nxdomain' };
}

/** The lowest preference value among `records` (the best MX), or undefined for an empty list. */
export function bestPreference(records: readonly MxRecord[]): number | undefined {
  let best: number | undefined;
  for (const r of records) if (best === undefined || r.preference < best) best = r.preference;
  return best;
}
