/**
 * A Postini-style filtering service: accepts only for registered domains, mirrors its
 * destination's RCPT answer by call-ahead, and always delivers to the configured destination,
 * never by MX.
 */
import type { HostEnv } from './env.js';
import { commonRouting } from './forwarding.js';
import { hostMachine, routeNote } from './hostMachine.js';

export function filterMachine(env: HostEnv) {
  return hostMachine('filter', env, [...commonRouting(), { target: 'queued', actions: routeNote('to-destination') }]);
}
