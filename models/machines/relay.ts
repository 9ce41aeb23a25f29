/**
 * MailHop Relay: when it is the best-preference MX it delivers to the customer's configured
 * host:port; otherwise — including when it is not in the MX list at all — it forwards to the
 * best-preference MX unprocessed. It calls ahead before accepting, unless a user list answers.
 *
 * The machine makes that choice: its routing state picks the hop `to-destination` or `to-best-mx`
 * (declared by relayHops) with `chooseHop`, and every part of the model reads the hop it chose
 * (hops.ts). A per-domain override of another kind (`routes: { domain: ... }`) takes the host's
 * `route` hop, as any role's machine does when none of its choices holds.
 */
import { domainOf } from '../routing/dns.js';
import { routeFor, toBestMx, toDestination, type NextHop } from '../routing/nextHop.js';
import type { HostEnv } from './env.js';
import type { HostMachine } from './hostMachine.js';
import { roleMachine } from './roleMachine.js';

const TO_DESTINATION = 'to-destination';
const TO_BEST_MX = 'to-best-mx';

/**
 * The two halves of MailHop's rule for `rcpt`, as nextHop.ts would give them for this host, when
 * its route for the recipient's domain is `bestMxElse`; none otherwise (the machine then takes
 * `route`, and declaring a destination the override does not name would be a hop nobody routes by).
 */
export function relayHops(env: HostEnv, rcpt: string): Readonly<Record<string, NextHop>> {
  const domain = domainOf(rcpt);
  const route = routeFor(env.host, domain);
  if (route.kind !== 'bestMxElse') return {};
  return {
    [TO_DESTINATION]: toDestination(env.host, domain, route.dest),
    [TO_BEST_MX]: toBestMx(env.topology, env.host, domain),
  };
}

/** Typed as the other built-ins' machines: roleMachine builds the same shared states, typed loosely. */
export function relayMachine(env: HostEnv): HostMachine {
  return roleMachine(env, {
    id: 'relay',
    routing: [
      { when: ['routesByBestMx', 'isBestMx'], hop: TO_DESTINATION },
      { when: 'routesByBestMx', hop: TO_BEST_MX },
    ],
  }) as unknown as HostMachine;
}
