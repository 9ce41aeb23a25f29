/**
 * A role's bug, said plainly: a config role's machine or hops did something the model cannot take
 * (chose a hop it did not declare, remembered without declaring `memory`, remembered a value that
 * is not an integer). For a config role that is the config's error, at the role's line (exit 2 at
 * the CLI: RoleDefinition.misbehaved); for a built-in role it is mxproof's own bug, a plain Error.
 */
import type { HostEnv } from '../topology/types.js';

export function roleMisbehaved(env: HostEnv, message: string): Error {
  return env.role.misbehaved?.(message) ?? new Error(message);
}
