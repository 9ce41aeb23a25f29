/**
 * Which definition a host's `role` names: a built-in role, or one of the roles a config registered
 * (kept on the topology, `Topology.roles`, so that every part of mxproof that has the topology —
 * checker, diagrams, docs, diff, replay, explore — runs the same machines).
 */
import type { Topology } from '../topology/types.js';
import { BUILT_IN_ROLES } from './builtIn.js';
import type { RoleDefinition } from './types.js';

export const BUILT_IN_BY_ID: ReadonlyMap<string, RoleDefinition> = new Map(BUILT_IN_ROLES.map((r) => [r.id, r]));
export const BUILT_IN_ROLE_IDS: readonly string[] = BUILT_IN_ROLES.map((r) => r.id);

/** The definition of role `id` for this topology; undefined for a name nothing registered. */
export function findRole(roles: Topology['roles'], id: string): RoleDefinition | undefined {
  return BUILT_IN_BY_ID.get(id) ?? roles?.get(id);
}

/** The definition a loaded topology's host plays (the loader refused any other name). */
export function roleOf(topology: Pick<Topology, 'roles'>, id: string): RoleDefinition {
  const role = findRole(topology.roles, id);
  if (role === undefined) throw new Error(`role \`${id}\` is not registered: load the topology with the config that registers it`);
  return role;
}

/** Every role id a topology's hosts may name, built-in first. */
export function roleIds(roles: Topology['roles']): string[] {
  return [...BUILT_IN_ROLE_IDS, ...(roles?.keys() ?? [])];
}

/** True when some host plays a role a config registered (stage and export refuse those). */
export function configRolesUsed(topology: Topology): string[] {
  return [...new Set(topology.hosts.filter((h) => !BUILT_IN_BY_ID.has(h.role)).map((h) => h.role))];
}
