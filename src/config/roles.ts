/**
 * A config's `roles`: ids checked against the built-in roles and each other, presets completed, and
 * the user's functions (machine, hops) wrapped so that an exception or a value of the wrong kind
 * during a check becomes an ExtensionError naming the config file, the role and the function.
 */
import type { AnyStateMachine } from 'xstate';
import type { LoadError } from '../../models/topology/errors.js';
import { show } from '../../models/topology/text.js';
import { BUILT_IN_BY_ID } from '../../models/roles/registry.js';
import { AWAITS_ROUTE, initialStateOf, PROTOCOL_TAGS, REQUIRED_TAGS, statesTagged } from '../../models/machines/tags.js';
import type { RoleDefinition, RolePreset } from '../../models/roles/types.js';
import type { ConfigRole } from './define.js';
import { describeThrown, ExtensionError } from './errors.js';

/** A role id: what a host writes in `role`, so a plain word (`call-ahead` names the call-ahead chart). */
const ROLE_ID = /^[a-z][a-z0-9-]{0,63}$/;

/** An mta's preset: what a config role's host gets for every field its preset leaves out. */
const MTA_PRESET: RolePreset = { accepts: [], verify: 'none', route: { kind: 'mx' } };

export function roleIdErrors(roles: readonly ConfigRole[], error: (path: readonly PropertyKey[], message: string) => LoadError): LoadError[] {
  const errors: LoadError[] = [];
  const ids = new Map<string, number>();
  roles.forEach((r, i) => {
    const at = ['roles', i, 'id'];
    if (BUILT_IN_BY_ID.has(r.id)) errors.push(error(at, `\`${r.id}\` is a built-in role; a role of your own needs another id`));
    else if (r.id === 'call-ahead' || !ROLE_ID.test(r.id)) errors.push(error(at, `${show(r.id)} is not a role id: use lower-case letters, digits and \`-\`, starting with a letter (at most 64), e.g. \`direct-relay\``));
    else if (ids.has(r.id)) errors.push(error(at, `\`${r.id}\` is registered twice (also roles[${ids.get(r.id)}]); each role needs its own id`));
    else ids.set(r.id, i);
  });
  return errors;
}

type Fail = (name: string, thrown: unknown, index: number, message: string) => ExtensionError;

/** The config's roles as the registry holds them, by id. */
export function configRoles(roles: readonly ConfigRole[], source: string, fail: Fail): ReadonlyMap<string, RoleDefinition> {
  return new Map(roles.map((r, i) => [r.id, definition(r, i, source, fail)]));
}

function definition(r: ConfigRole, i: number, source: string, fail: Fail): RoleDefinition {
  const call = <R>(name: string, f: () => unknown, wrong: (v: unknown) => string | null): R => {
    let v: unknown;
    try {
      v = f();
    } catch (err) {
      if (err instanceof ExtensionError) throw err;
      throw fail(name, err, i, `role \`${r.id}\`: ${name} threw ${describeThrown(err)}`);
    }
    const why = wrong(v);
    if (why !== null) throw fail(name, undefined, i, `role \`${r.id}\`: ${name} returned ${kindOf(v)}; ${why}`);
    return v as R;
  };
  const { hops } = r;
  return {
    id: r.id,
    summary: r.summary,
    note: r.note ?? r.summary,
    preset: { ...MTA_PRESET, ...r.preset },
    ...(r.options === undefined ? {} : { options: r.options }),
    ...(r.memory === undefined ? {} : { memory: { initial: r.memory.initial } }),
    ...(hops === undefined ? {} : { hops: (env, rcpt) => call('hops', () => hops(env, rcpt), aHopMap) }),
    machine: (env) => call<AnyStateMachine>('machine', () => r.machine(env), aMachine),
    origin: source,
    misbehaved: (message) => fail('machine', undefined, i, message),
  };
}

function aMachine(v: unknown): string | null {
  if (v === null || typeof v !== 'object' || !('root' in v) || !('resolveState' in v)) {
    return 'return an XState machine (roleMachine(env, { ... }) or setup(...).createMachine(...))';
  }
  const machine = v as AnyStateMachine;
  // The composed system drives a role's machine by the tags of its states, not their names (machines/tags.ts).
  const missing = REQUIRED_TAGS.filter((tag) => statesTagged(machine, tag).length === 0);
  if (missing.length > 0) {
    return `its machine tags no state ${missing.map((t) => `\`${t}\``).join(', ')}: the composed system drives a machine by these tags — compose it with roleMachine, or keep the shared states (receivingStates, forwardingStates), which carry them`;
  }
  const routing = statesTagged(machine, AWAITS_ROUTE);
  if (routing.length > 1) return `its machine tags ${routing.join(', ')} \`${AWAITS_ROUTE}\`: a message starts at its first host in that state, so one state only may carry it`;
  const twice = Object.entries(machine.root.states).find(([, node]) => PROTOCOL_TAGS.filter((t) => node.tags.includes(t)).length > 1);
  if (twice !== undefined) {
    return `its state ${twice[0]} carries ${PROTOCOL_TAGS.filter((t) => twice[1].tags.includes(t)).join(' and ')}: each says what the composed system does next there, so a state carries one`;
  }
  return initialStateOf(machine) === undefined ? 'its machine has no initial state: a server session starts there' : null;
}

const aHopMap = (v: unknown): string | null =>
  v !== null && typeof v === 'object' && Object.values(v).every((h) => ['local', 'candidates', 'fail'].includes((h as { kind?: unknown } | null)?.kind as string))
    ? null
    : 'return the named next hops, e.g. { "to-destination": candidatesTo(...) }';

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return `\`${String(v)}\``;
  if (v instanceof Promise) return 'a promise (it must not be async)';
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
