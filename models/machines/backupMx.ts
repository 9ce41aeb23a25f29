/**
 * A backup MX: accepts for the backed-up domain (without a recipient list, for any address — the
 * source of backscatter), queues while the better MX hosts are down and forwards to them by MX,
 * dropping itself and worse records (RFC 5321 §5.1 self-truncation) when they return.
 */
import type { HostEnv } from './env.js';
import { commonRouting } from './forwarding.js';
import { hostMachine, routeNote } from './hostMachine.js';

export function backupMxMachine(env: HostEnv) {
  return hostMachine('backup-mx', env, [...commonRouting(), { target: 'queued', actions: routeNote('to-better-mx') }]);
}
