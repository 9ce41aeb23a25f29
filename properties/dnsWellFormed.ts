/**
 * dns-well-formed — every MX target resolves (to a host in `hosts` or a name with address records),
 * is not an IP literal or a CNAME (RFC 5321 §5.1, RFC 2181 §10.3), does not resolve to a loopback
 * or unspecified address (the sender would deliver to itself), a null MX stands alone (RFC 7505),
 * and a name with a CNAME has no other records (RFC 1034 §3.6.2). Static: read off the `dns`
 * section without exploring, and every problem is reported, not only the first.
 */
import { canonicalName, hasAddress, isHost } from '../models/routing/dns.js';
import { locate } from '../models/topology/pointerPosition.js';
import type { DnsEntry, MxRecord, Topology } from '../models/topology/types.js';
import { pointer } from './pointer.js';
import { selfAddressKind } from './selfAddress.js';
import type { StaticFinding, StaticMailProperty } from './types.js';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const isIpLiteral = (name: string) => IPV4.test(name) || name.includes(':') || name.startsWith('[');

/** What the target's A and AAAA records say that would bring the sender back to itself. */
function selfAddresses(topology: Topology, name: string): string[] {
  const entry = topology.dns[name];
  return [...(entry?.a ?? []), ...(entry?.aaaa ?? [])].flatMap((ip) => {
    const kind = selfAddressKind(ip);
    return kind === null ? [] : [`${ip} (${kind})`];
  });
}

/** The problems of one MX record of `owner`, the `index`-th as written. */
function mxProblems(topology: Topology, owner: string, records: readonly MxRecord[], index: number): StaticFinding[] {
  const r = records[index]!;
  const say = (reason: string): StaticFinding => ({ reason, pointer: pointer('dns', owner, 'mx', index), steps: [`MX of ${owner}: ${r.preference} ${r.host}`, reason] });
  if (r.host === '.') return records.length > 1 ? [say(`${owner} has a null MX beside other MX records: a null MX must stand alone (RFC 7505)`)] : [];
  if (isIpLiteral(r.host)) return [say(`MX of ${owner} points at an IP literal (${r.host}); an MX must name a host (RFC 5321 §5.1)`)];
  const out: StaticFinding[] = [];
  if (topology.dns[r.host]?.cname !== undefined) out.push(say(`MX of ${owner} points at ${r.host}, a CNAME; an MX must not (RFC 2181 §10.3)`));
  // Senders follow the alias anyway (the model does too), so what it leads to is judged as well.
  const end = canonicalName(topology, r.host);
  if (!isHost(topology, end) && topology.dns[end]?.cname !== undefined) {
    out.push(say(`MX of ${owner} points at ${r.host}, whose CNAME chain loops or runs too long to follow: a dangling MX`));
    return out;
  }
  const named = end === r.host ? `${r.host},` : `${r.host}, an alias of ${end},`;
  if (!hasAddress(topology, end)) {
    out.push(say(`MX of ${owner} points at ${named} which has no address: a dangling MX`));
    return out;
  }
  const self = selfAddresses(topology, end);
  if (self.length > 0) out.push(say(`MX of ${owner} points at ${named} which resolves to ${self.join(', ')}: every sender would deliver to itself`));
  return out;
}

/** RFC 1034 §3.6.2: a CNAME owner has no other data; resolvers answer one or the other unpredictably. */
function cnameBeside(owner: string, entry: DnsEntry): StaticFinding[] {
  if (entry.cname === undefined) return [];
  const others = (['mx', 'a', 'aaaa'] as const).filter((k) => (entry[k]?.length ?? 0) > 0);
  if (others.length === 0) return [];
  const written = (k: (typeof others)[number]) => (k === 'mx' ? entry.mx!.map((r) => `${r.preference} ${r.host}`) : entry[k]!).join(', ');
  const reason = `${owner} has a CNAME (to ${entry.cname}) beside ${others.map((k) => k.toUpperCase()).join(' and ')} records: a name with a CNAME must have no other records (RFC 1034 §3.6.2)`;
  return [
    {
      reason,
      pointer: pointer('dns', owner, 'cname'),
      steps: [`${owner}: CNAME ${entry.cname}; ${others.map((k) => `${k.toUpperCase()} ${written(k)}`).join('; ')}`, reason],
    },
  ];
}

/**
 * Problems in the order a reader meets them in the file. The walk above is not that order: a
 * `cname` may be written after the `mx` list beside it, and JavaScript puts integer-like owner
 * names (`"1"`) before all others. The sort is stable: problems of one record keep their order.
 */
function inFileOrder(topology: Topology, found: StaticFinding[]): StaticFinding[] {
  const at = found.map((f) => locate(topology.positions, f.pointer));
  return found.map((f, i) => ({ f, at: at[i]! })).sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col).map(({ f }) => f);
}

export const dnsWellFormed: StaticMailProperty = {
  id: 'dns-well-formed',
  kind: 'static',
  summary: 'every MX target resolves to an address other than the sender itself and is no IP literal or CNAME, a null MX stands alone, and a CNAME has no other records',
  findings(topology: Topology): StaticFinding[] {
    const found = Object.entries(topology.dns).flatMap(([owner, entry]) => [
      ...cnameBeside(owner, entry),
      ...(entry.mx ?? []).flatMap((_r, i) => mxProblems(topology, owner, entry.mx!, i)),
    ]);
    return inFileOrder(topology, found);
  },
};
