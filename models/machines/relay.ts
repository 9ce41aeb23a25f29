/**
 * MailHop Relay: when it is the best-preference MX it delivers to the customer's configured
 * host:port; otherwise — including when it is not in the MX list at all — it forwards to the
 * best-preference MX unprocessed. It calls ahead before accepting, unless a user list answers.
 */
import type { HostEnv } from './env.js';
import { commonRouting } from './forwarding.js';
import { hostMachine, routeNote } from './hostMachine.js';

export function relayMachine(env: HostEnv) {
  return hostMachine('relay', env, [
    ...commonRouting(),
    { guard: 'isBestMx', target: 'queued', actions: routeNote('to-destination') },
    { target: 'queued', actions: routeNote('to-best-mx') },
  ]);
}
