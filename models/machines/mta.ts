/**
 * Any other mail server, and the sending MTA of a message: resolves the recipient's MX, tries the
 * hosts by preference, defers on 4xx and retries, bounces on 5xx.
 */
import type { HostEnv } from './env.js';
import { commonRouting } from './forwarding.js';
import { hostMachine, routeNote } from './hostMachine.js';

export function mtaMachine(env: HostEnv) {
  return hostMachine('mta', env, [...commonRouting(), { target: 'queued', actions: routeNote('by-mx') }]);
}
