/**
 * A role is one definition: what the loader fills in and requires of a host that plays it, the
 * options it takes, the next hops its machine may choose among, the machine itself and a note for
 * its statechart. The five built-in roles are registered in builtIn.ts; a config file's `roles`
 * adds its own (src/config/define.ts), and hosts name either kind in `role`.
 */
export type { HostEnv, RequiredRoute, RoleDefinition, RolePreset } from '../topology/types.js';

/** The hop a role without `hops` has, and the one a machine that chose none falls back to. */
export const ROUTE_HOP = 'route';
