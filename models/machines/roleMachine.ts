/**
 * Composes a config role's machine from the shared pieces, so that a role of your own differs from
 * the built-in ones only where it says: its own guards, answers to RCPT it gives before the shared
 * ones, and its routing rule — which of the hops its definition declares it chooses, and when.
 *
 *   machine: (env) => roleMachine(env, {
 *     id: 'direct-relay',
 *     guards: { bestMxIsFilter: ({ context }) => bestMxHosts(env, context.rcpt).some((h) => h.tags.includes('filter')) },
 *     routing: [{ when: 'bestMxIsFilter', hop: 'to-destination' }],   // else the host's route
 *   })
 *
 * A guard is named by a string; a list means all of them, and a leading `!` negates one. The
 * routing state picks the first choice whose guards hold (final delivery comes first, and the
 * host's `route` last), records it with `chooseHop`, then the shared checks of the chosen hop
 * (no route, local delivery of an unknown user) run in `routed`. Routing guards must read only the
 * host and the recipient: the choice is asked once per host and recipient (hops.ts).
 */
import { and, not, type AnyStateMachine } from 'xstate';
import { initialHostContext, type HostEnv } from './env.js';
import { hostSetup, type RoleGuard } from './hostSetup.js';
import { receivingStates, type CallAheadOutcome } from './receiving.js';
import { forwardingStates } from './forwarding.js';
import { ROUTE_HOP } from '../roles/types.js';

/** A guard name, `!name` for its negation, or a list of them that must all hold. */
export type GuardSpec = string | readonly string[];

export interface RoleMachineSpec {
  /** The machine's id: the role's id reads best. */
  id: string;
  /** Guards of the role's own, by name; they close over `env` for the host and the topology. */
  guards?: Readonly<Record<string, RoleGuard>>;
  /** Answers to RCPT given before the shared ones (after the domain check); the first that holds answers. */
  recipientChecks?: readonly { when: GuardSpec; reply: number; reason: string }[];
  /** The routing rule: the first choice whose guards hold picks its hop; `note` is the reason traces show. */
  routing?: readonly { when?: GuardSpec; hop: string; note?: string }[];
  /**
   * The outcomes of its own call-ahead whose result code the host keeps with `remember` (its role
   * must declare `memory`), read back as `event.memory` on the RCPT of its later sessions:
   * `['accepted', 'refused']` is Exim's callout cache, definite answers only.
   */
  remembers?: readonly CallAheadOutcome[];
}

function guardOf(spec: GuardSpec): unknown {
  const one = (name: string) => (name.startsWith('!') ? not(name.slice(1) as never) : name);
  return typeof spec === 'string' ? one(spec) : spec.length === 1 ? one(spec[0]!) : and(spec.map(one) as never);
}

const answer = (reply: number, reason: string) => ({ type: 'answer' as const, params: { reply, reason } });
const chooseHop = (hop: string) => ({ type: 'chooseHop' as const, params: { hop } });

/**
 * Reasons and hop names become parts of the keys states are told apart by (and words in traces):
 * plain kebab-case ids keep two different states from ever reading alike.
 */
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

function checkIds(spec: RoleMachineSpec): void {
  const ids = [
    ...(spec.recipientChecks ?? []).map((c) => ['reason', c.reason]),
    ...(spec.routing ?? []).flatMap((c) => [['hop', c.hop], ...(c.note === undefined ? [] : [['note', c.note]])]),
  ];
  for (const [what, id] of ids) {
    if (!ID.test(id!)) throw new Error(`roleMachine ${spec.id}: ${what} ${JSON.stringify(id)} must be a kebab-case id (lower-case letters, digits, \`-\`), e.g. \`to-destination\``);
  }
}

export function roleMachine(env: HostEnv, spec: RoleMachineSpec): AnyStateMachine {
  checkIds(spec);
  const s = hostSetup(env, { guards: spec.guards ?? {} });
  const checks = (spec.recipientChecks ?? []).map((c) => ({
    guard: guardOf(c.when),
    target: c.reply >= 200 && c.reply < 300 ? 'awaitingData' : 'refused',
    actions: answer(c.reply, c.reason),
  }));
  const choices = (spec.routing ?? []).map((c) => ({
    ...(c.when === undefined ? {} : { guard: guardOf(c.when) }),
    target: 'routed',
    actions: [chooseHop(c.hop), answer(0, c.note ?? c.hop)],
  }));
  // Typed loosely: XState's setup types know only the shared guard names, not the role's own.
  return s.createMachine({
    id: spec.id,
    initial: 'idle',
    context: ({ input }) => initialHostContext(input.rcpt),
    states: {
      ...receivingStates(s, checks as never[], spec.remembers),
      ...forwardingStates(s),
      routing: {
        always: [{ guard: 'holdsMailbox', target: 'delivered' }, ...choices, { target: 'routed', actions: [chooseHop(ROUTE_HOP), answer(0, 'by-route')] }],
      },
      routed: {
        always: [
          { guard: 'routesLocally', target: 'bounced', actions: answer(550, 'unknown-user') },
          { guard: 'hasNoNextHop', target: 'bounced', actions: answer(0, 'no-route') },
          { target: 'queued' },
        ],
      },
    } as never,
  }) as unknown as AnyStateMachine;
}
