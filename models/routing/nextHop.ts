/**
 * Where a host sends mail for a recipient next: its configured route (or the per-domain override),
 * resolved against DNS. MX-derived hops use port 25; only `to` and `bestMxElse` name other ports.
 * Candidates come in preference groups: a client tries groups in order and, within a group, the
 * members in any order (RFC 5321 §5.1: equal preferences are tried in random order).
 */
import { SOFTWARE } from '../topology/software.js';
import type { Host, HostPort, MxRecord, Route, Topology } from '../topology/types.js';
import { bestPreference, canonicalName, domainOf, lookupMx, resolves } from './dns.js';
import type { Candidate, NextHop } from './hop.js';

export type { Candidate, NextHop };


/** The route a host applies to mail for `domain`. The implicit sender (null) routes by MX. */
export function routeFor(host: Host | null, domain: string): Route {
  if (host === null) return { kind: 'mx' };
  return host.routes[domain] ?? host.route;
}

export function nextHop(topology: Topology, host: Host | null, recipient: string): NextHop {
  const domain = domainOf(recipient);
  const route = routeFor(host, domain);
  switch (route.kind) {
    case 'local':
      return { kind: 'local' };
    case 'to':
      return {
        kind: 'candidates',
        candidates: route.to.map((hp, i) => ({ host: hp.host, port: hp.port, group: i })),
        why: `configured route to ${route.to.map((hp) => `${hp.host}:${hp.port}`).join(', ')}`,
      };
    case 'mx':
      return byMx(topology, host, domain);
    case 'bestMxElse':
      return bestMxElse(topology, host, domain, route.dest);
  }
}

/**
 * The MX records a host delivers to, or why it cannot. A null MX fails at once (RFC 7505), unless
 * the host's software ignores one mixed with other records (Exim does). When none of the targets
 * resolves, RFC 5321 §5.1 says the failure "MUST be reported as an error": a bounce, not a retry.
 */
export function mxFailure(topology: Topology, host: Host | null, domain: string): NextHop | { records: MxRecord[] } {
  const answer = lookupMx(topology, domain);
  let records: MxRecord[];
  switch (answer.kind) {
    case 'null': {
      const software = host?.software ?? topology.defaults.software;
      if (answer.others.length === 0 || !SOFTWARE[software].ignoresMixedNullMx) {
        const mixed = answer.others.length > 0 ? ' (beside other MX records, which RFC 7505 says not to use)' : '';
        return { kind: 'fail', code: 556, status: '5.1.10', why: `${domain} has a null MX${mixed}: it accepts no mail` };
      }
      records = answer.others;
      break;
    }
    case 'nxdomain':
      return { kind: 'fail', code: 550, status: '5.1.2', why: `${domain} has no MX and no address` };
    case 'implicit':
      return { records: [{ preference: 0, host: answer.host }] };
    case 'records':
      records = answer.records;
  }
  if (!records.some((r) => resolves(topology, r.host))) {
    return { kind: 'fail', code: 550, status: '5.4.4', why: `no MX target of ${domain} resolves (${describe(records)})` };
  }
  return { records };
}

function groupsOf(records: readonly MxRecord[]): Candidate[] {
  const prefs = [...new Set(records.map((r) => r.preference))].sort((a, b) => a - b);
  return records.map((r) => ({ host: r.host, port: 25, group: prefs.indexOf(r.preference) }));
}

function describe(records: readonly MxRecord[]): string {
  return records.map((r) => `${r.preference} ${r.host}`).join(', ');
}

/**
 * MailHop's test, on the records this host would deliver by (so an Exim host reads past a mixed
 * null MX here as in routing): is it among the best-preference MX of the domain, by address?
 */
export function isBestMxOf(topology: Topology, host: Host, domain: string): boolean {
  const found = mxFailure(topology, host, domain);
  if ('kind' in found) return false;
  const best = bestPreference(found.records);
  return found.records.some((r) => r.preference === best && isSelf(topology, host, r.host));
}

/** An MX target is a host's own when it names the host or a CNAME chain leads to it: MTAs compare addresses. */
export function isSelf(topology: Topology, host: Host, target: string): boolean {
  return target === host.name || canonicalName(topology, target) === host.name;
}

/** Delivery by MX, with RFC 5321 §5.1 self-truncation when the host finds itself in the list. */
function byMx(topology: Topology, host: Host | null, domain: string): NextHop {
  const found = mxFailure(topology, host, domain);
  if ('kind' in found) return found;
  let records = found.records;
  const own = host === null ? [] : records.filter((r) => isSelf(topology, host, r.host));
  if (host !== null && host.selfCheck && own.length > 0) {
    const ownPref = bestPreference(own)!;
    records = records.filter((r) => r.preference < ownPref);
    if (records.length === 0) {
      return {
        kind: 'fail',
        code: 554,
        status: '5.4.6',
        why: `MX of ${domain} (${describe(found.records)}) points back to ${host.name} as best MX: mail loops back to myself`,
      };
    }
  }
  const dropped = records.length < found.records.length ? `, keeping those better than ${host!.name}` : '';
  return { kind: 'candidates', candidates: groupsOf(records), why: `MX of ${domain}: ${describe(found.records)}${dropped}` };
}

/**
 * MailHop Relay's rule: the best-preference MX delivers to the configured destination; any other
 * host — including one not in the MX list at all — forwards to the best-preference MX, unprocessed.
 * The built-in relay's machine makes this choice itself among the same two halves (its hops,
 * models/machines/relay.ts); this is the rule for any other host whose route is `bestMxElse`.
 */
function bestMxElse(topology: Topology, host: Host | null, domain: string, dest: HostPort): NextHop {
  return host !== null && isBestMxOf(topology, host, domain) ? toDestination(host, domain, dest) : toBestMx(topology, host, domain);
}

/** The best MX's half of MailHop's rule: deliver to the configured destination. */
export function toDestination(host: Host, domain: string, dest: HostPort): NextHop {
  return {
    kind: 'candidates',
    candidates: [{ host: dest.host, port: dest.port, group: 0 }],
    why: `${host.name} is the best MX of ${domain}: deliver to ${dest.host}:${dest.port}`,
  };
}

/**
 * Any other host's half: forward to the best-preference MX hosts, port 25 — or fail as MX delivery
 * does when the domain has no usable MX (null MX, no such domain, no target resolves).
 */
export function toBestMx(topology: Topology, host: Host | null, domain: string): NextHop {
  const found = mxFailure(topology, host, domain);
  if ('kind' in found) return found;
  const best = bestPreference(found.records)!;
  const bestHosts = found.records.filter((r) => r.preference === best);
  return {
    kind: 'candidates',
    candidates: bestHosts.map((r) => ({ host: r.host, port: 25, group: 0 })),
    why: `best MX of ${domain} is ${bestHosts.map((r) => r.host).join(', ')} (MX ${describe(found.records)}), not ${host?.name ?? 'this host'}: forward there`,
  };
}
