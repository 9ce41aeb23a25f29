/**
 * no-open-relay — no host accepts mail for every domain (`accepts: ["*"]`) while any host may
 * connect to it (no `allowFrom`): such a host relays spam for anyone and gets blacklisted
 * (RFC 5321 §7.9). Static: a fact of the configuration, checked without exploring.
 */
import { pointer } from './pointer.js';
import type { StaticMailProperty } from './types.js';

export const noOpenRelay: StaticMailProperty = {
  id: 'no-open-relay',
  kind: 'static',
  summary: 'no host accepts mail for every domain from any client',
  findings: (topology) =>
    topology.hosts
      .filter((h) => h.accepts.includes('*') && h.allowFrom === null)
      .map((h) => ({
        reason: `${h.name} accepts mail for every domain and any host may connect to it: an open relay`,
        pointer: pointer('hosts', h.name, 'accepts'),
        steps: [
          `${h.name} has accepts: ["*"] and no allowFrom`,
          `any client on the Internet can send it mail for any domain, and it will relay it`,
        ],
      })),
};
