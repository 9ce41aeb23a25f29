/** The machine of each host, built from the definition its `role` names (models/roles). */
import type { BuiltInRole } from '../topology/types.js';
import { BUILT_IN_ROLES } from '../roles/builtIn.js';
import type { HostEnv } from './env.js';
import type { HostMachine } from './hostMachine.js';

/** The built-in roles' machines, by role (tests and diagrams iterate them). */
export const ROLE_MACHINES = Object.fromEntries(BUILT_IN_ROLES.map((r) => [r.id, r.machine])) as Record<BuiltInRole, (env: HostEnv) => HostMachine>;

/**
 * The machine of the role the env carries (models/roles/hostEnv.ts). A config role's machine is any
 * XState machine over the host context and events; typed as the built-ins' because the composed
 * system drives it by the same state tags (tags.ts).
 */
export function machineForHost(env: HostEnv): HostMachine {
  return env.role.machine(env) as HostMachine;
}

export { callAheadMachine } from './callAhead.js';
export type { HostEnv, HostContext, HostEvent } from './env.js';
export type { HostMachine } from './hostMachine.js';
