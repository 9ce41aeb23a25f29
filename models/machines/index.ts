/** The machine of each role, chosen by a host's `role`. */
import type { Role } from '../topology/types.js';
import type { HostEnv } from './env.js';
import { backupMxMachine } from './backupMx.js';
import { filterMachine } from './filter.js';
import type { HostMachine } from './hostMachine.js';
import { mailboxMachine } from './mailbox.js';
import { mtaMachine } from './mta.js';
import { relayMachine } from './relay.js';

export const ROLE_MACHINES: Record<Role, (env: HostEnv) => HostMachine> = {
  mailbox: mailboxMachine,
  relay: relayMachine,
  filter: filterMachine,
  'backup-mx': backupMxMachine,
  mta: mtaMachine,
};

export function machineForHost(env: HostEnv): HostMachine {
  return ROLE_MACHINES[env.host.role](env);
}

export { callAheadMachine } from './callAhead.js';
export type { HostEnv, HostContext, HostEvent } from './env.js';
export type { HostMachine } from './hostMachine.js';
