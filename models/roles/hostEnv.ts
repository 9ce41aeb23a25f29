/**
 * The environment a host's machine closes over — its topology, itself and the role it plays — and
 * where a host sends a recipient's mail as seen from outside the composed system (the route
 * explanation, the topology diagram).
 *
 * Why the env carries the role: a role's machine decides the hop (models/machines/hops.ts runs its
 * `routing` state), and the machine's later guards read that decision back through env.ts → hops.ts.
 * The recursion is real at the value level, so some value must hand hops.ts the machine: looking
 * the role up in the registry from hops.ts would import the built-in machines back into the module
 * they import (registry → builtIn → machines → env → hops), a cycle the architecture test forbids.
 * The registry is reached from here instead, where envs are made; every part of mxproof builds its
 * envs with `hostEnv`, so the checker, `mxproof route` and the diagrams all ask the same machine.
 */
import { nextHopOf } from '../machines/env.js';
import { nextHop, type NextHop } from '../routing/nextHop.js';
import type { Host, HostEnv, Topology } from '../topology/types.js';
import { roleOf } from './registry.js';

const envs = new WeakMap<Host, HostEnv>();

/** The env of `host` in `topology`, one per host while its topology is the same (hops are memoised per env). */
export function hostEnv(topology: Topology, host: Host): HostEnv {
  let env = envs.get(host);
  if (env === undefined || env.topology !== topology) envs.set(host, (env = { topology, host, role: roleOf(topology, host.role) }));
  return env;
}

/**
 * Where a host of `topology` sends mail for `rcpt`, for code outside the composed system: the hop
 * its machine chooses (the implicit sender, `null`, has no machine and routes by MX).
 */
export function hopOfHost(topology: Topology, host: Host | null, rcpt: string): NextHop {
  return host === null ? nextHop(topology, null, rcpt) : nextHopOf(hostEnv(topology, host), rcpt);
}
