/**
 * dns-well-formed — every MX target resolves (to a host in `hosts` or a name with address records),
 * is not an IP literal or a CNAME (RFC 5321 §5.1, RFC 2181 §10.3), and a null MX stands alone
 * (RFC 7505). Static: read off the `dns` section without exploring.
 */
import { hasAddress } from '../models/routing/dns.js';
import type { Topology } from '../models/topology/types.js';
import { pointer } from './pointer.js';
import type { StaticFinding, StaticMailProperty } from './types.js';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const isIpLiteral = (name: string) => IPV4.test(name) || name.includes(':') || name.startsWith('[');

export const dnsWellFormed: StaticMailProperty = {
  id: 'dns-well-formed',
  kind: 'static',
  summary: 'every MX target resolves to an address, is no IP literal or CNAME, and a null MX stands alone',
  findings(topology: Topology): StaticFinding[] {
    const out: StaticFinding[] = [];
    for (const [owner, entry] of Object.entries(topology.dns)) {
      const records = entry.mx ?? [];
      records.forEach((r, i) => {
        const at = pointer('dns', owner, 'mx', i);
        const say = (reason: string) => out.push({ reason, pointer: at, steps: [`MX of ${owner}: ${r.preference} ${r.host}`, reason] });
        if (r.host === '.') {
          if (records.length > 1) say(`${owner} has a null MX beside other MX records: a null MX must stand alone (RFC 7505)`);
        } else if (isIpLiteral(r.host)) {
          say(`MX of ${owner} points at an IP literal (${r.host}); an MX must name a host (RFC 5321 §5.1)`);
        } else if (topology.dns[r.host]?.cname !== undefined) {
          say(`MX of ${owner} points at ${r.host}, a CNAME; an MX must not (RFC 2181 §10.3)`);
        } else if (!hasAddress(topology, r.host)) {
          say(`MX of ${owner} points at ${r.host}, which has no address: a dangling MX`);
        }
      });
    }
    return out;
  },
};
