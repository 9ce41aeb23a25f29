/**
 * The customer's own server: final delivery for its mailboxes; an accepted message for an address
 * it does not hold is bounced (550 5.1.1) when its route is local, or passed on by its route.
 */
import type { HostEnv } from './env.js';
import { commonRouting } from './forwarding.js';
import { hostMachine, routeNote } from './hostMachine.js';

export function mailboxMachine(env: HostEnv) {
  return hostMachine('mailbox', env, [...commonRouting(), { target: 'queued', actions: routeNote('by-route') }]);
}
