/**
 * Where a host sends a recipient's mail: the hop its role's machine chooses. A role declares the
 * named next hops its machine may choose among (RoleDefinition.hops); the machine's `routing` state
 * picks one with readable guards and records it with the `chooseHop` action. A role that declares
 * no hops (every built-in role but the relay, and any config role that declares none) has the one
 * hop `route`: the host's configured route. The role is the env's (models/roles/hostEnv.ts says why).
 *
 * The choice is asked of the machine once per host and recipient and memoized, and every part of the
 * model reads it from here (nextHopOf in env.ts): the call-ahead target (RCPT is answered before the
 * message is routed, so a verifier asks where it *would* route), the delivery candidates, the route
 * explanation, the static analyses (independence, symmetry, packed sizing, behaviour keys). That is
 * exact, not an approximation, because the routing state's guards read only the host's environment
 * and the recipient (the topology never changes during a check): the machine makes the same choice
 * every time the message reaches `routing`, so the snapshot the composed system stores need not
 * carry it, and no per-step work or allocation is added.
 */
import { transition, type AnyStateMachine } from 'xstate';
import { nextHop, type NextHop } from '../routing/nextHop.js';
import { ROUTE_HOP, type RoleDefinition } from '../roles/types.js';
import type { HostEnv } from '../topology/types.js';
import { NONE } from '../routing/triedSet.js';
import { awaitingRoute } from './tags.js';
import { roleMisbehaved } from '../roles/misbehaved.js';

/** The role a host plays, when it declares hops (a config role's, or the built-in relay's). */
function choosingRole(env: HostEnv): RoleDefinition | undefined {
  return env.role.hops === undefined ? undefined : env.role;
}

const declaredCache = new WeakMap<HostEnv, Map<string, Readonly<Record<string, NextHop>>>>();

/** The hops a host's role declares for `rcpt`; `route` (the host's route) is always among them. */
export function declaredHops(env: HostEnv, rcpt: string): Readonly<Record<string, NextHop>> {
  let cache = declaredCache.get(env);
  if (cache === undefined) declaredCache.set(env, (cache = new Map()));
  let hops = cache.get(rcpt);
  if (hops === undefined) {
    const role = choosingRole(env);
    const route = (): NextHop => nextHop(env.topology, env.host, rcpt);
    hops = role === undefined ? { [ROUTE_HOP]: route() } : { [ROUTE_HOP]: route(), ...role.hops!(env, rcpt) };
    cache.set(rcpt, hops);
  }
  return hops;
}

/** The hop named `name` for `rcpt`; a name the role does not declare is the role's bug, said plainly. */
export function hopNamed(env: HostEnv, rcpt: string, name: string): NextHop {
  const hops = declaredHops(env, rcpt);
  const hop = hops[name];
  if (hop === undefined) {
    throw roleMisbehaved(env, `role ${env.host.role}: its machine chose the hop \`${name}\` for <${rcpt}> at ${env.host.name}, but its \`hops\` declares only ${Object.keys(hops).join(', ')}`);
  }
  return hop;
}

const machines = new WeakMap<HostEnv, AnyStateMachine>();
const choosing = new WeakSet<HostEnv>();

/** The hop the host's machine chooses for `rcpt` (memoized by the caller, env.ts). */
export function chosenHop(env: HostEnv, rcpt: string): NextHop {
  const role = choosingRole(env);
  if (role === undefined) return nextHop(env.topology, env.host, rcpt);
  if (choosing.has(env)) {
    throw roleMisbehaved(env, `role ${role.id}: a guard of its routing state asks where the host routes, which that state decides; read the hops (declaredHops) instead`);
  }
  let machine = machines.get(env);
  if (machine === undefined) machines.set(env, (machine = role.machine(env)));
  choosing.add(env);
  try {
    // The message as every host holds it when it routes: accepted, nothing tried yet.
    const accepted = machine.resolveState({ value: awaitingRoute(machine), context: { rcpt, reply: 250, reason: 'accepted', tried: NONE, sessions: 0, hop: '' } });
    const [after] = transition(machine, accepted, { type: 'ROUTE' });
    const name = (after.context as { hop?: string }).hop;
    return hopNamed(env, rcpt, name === undefined || name === '' ? ROUTE_HOP : name);
  } finally {
    choosing.delete(env);
  }
}
