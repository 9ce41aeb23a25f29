/**
 * The guards and actions every role shares. A receiving server answers RCPT by its `verify` mode
 * (FORMAT.md), checks DATA against its hop limit and spam policy; a host holding a message routes
 * it, connects to next-hop candidates in preference order, moves on after a failed connection or
 * any 4xx, defers when the attempt is over, and bounces on 5xx (DOMAIN.md, "Sender / any MTA acting
 * as a client"; FORMAT.md 1.1). Where real MTAs differ, the host's `software` decides (software.ts).
 * Role files add their routing rule on top.
 */
import { assign, setup } from 'xstate';
import { SOFTWARE } from '../topology/software.js';
import {
  acceptsDomain,
  attemptOver,
  holdsMailbox,
  hopFor,
  isBestMx,
  routesByBestMx,
  type HostContext,
  type HostEnv,
  type HostEvent,
} from './env.js';
import { including, NONE } from '../routing/triedSet.js';

const isCode = (ev: HostEvent, lo: number, hi: number): boolean =>
  'code' in ev && ev.code >= lo && ev.code < hi;

/** A guard of a role's own: reads the host's environment (closed over), the context and the event. */
export type RoleGuard = (args: { context: HostContext; event: HostEvent }) => boolean;

/**
 * What a config role adds to the shared guards and actions (roleMachine.ts). Typed loosely on
 * purpose: XState's setup types know only the shared names, and a role's own are checked by the
 * machine's own transitions naming them.
 */
export interface RoleExtras {
  guards?: Readonly<Record<string, RoleGuard>>;
}

export function hostSetup(env: HostEnv, extras: RoleExtras = {}) {
  const { host } = env;
  return setup({
    types: { context: {} as HostContext, events: {} as HostEvent, input: {} as { rcpt: string } },
    guards: {
      ...(extras.guards as {}),
      acceptsDomain: ({ context }) => acceptsDomain(host, context.rcpt),
      verifiesByCallAhead: () => host.verify === 'call-ahead',
      verifiesNothing: () => host.verify === 'none',
      verifiesLocally: () => host.verify === 'local',
      holdsMailbox: ({ context }) => holdsMailbox(host, context.rcpt),
      isOnRecipientList: ({ context }) => host.recipients.includes(context.rcpt.toLowerCase()),
      answerIsPositive: ({ event }) => isCode(event, 200, 300),
      answerIsPermanentFailure: ({ event }) => isCode(event, 500, 600),
      acceptsOnDefer: () => host.deferOk,
      overHopLimit: ({ event }) => event.type === 'DATA' && event.hops >= host.hopLimit,
      senderBlockedAsSpam: ({ event }) =>
        event.type === 'DATA' &&
        host.spam !== null &&
        host.spam.blocks.includes(event.client) &&
        !host.spam.whitelist.includes(event.client),
      quarantinesSpam: () => host.spam?.action === 'quarantine',
      /** MailHop's test; only the relay's routing asks it. */
      isBestMx: ({ context }) => isBestMx(env, context.rcpt),
      /** The host's route for the recipient's domain is MailHop's rule (no override of another kind); only the relay asks. */
      routesByBestMx: ({ context }) => routesByBestMx(env, context.rcpt),
      /** The chosen next hop (hops.ts) is the host's own mailboxes. */
      routesLocally: ({ context }) => hopFor(env, context).kind === 'local',
      hasNoNextHop: ({ context }) => hopFor(env, context).kind === 'fail',
      /** The candidate that just failed or refused was the last one this attempt tries. */
      lastCandidateFailed: ({ context, event }) =>
        (event.type === 'CONNECT_FAILED' || event.type === 'REFUSED') &&
        attemptOver(env, context.rcpt, including(context.tried, event.index), context.sessions),
      /** After a 4xx from the server it talked to (already counted as tried), nothing is left to try. */
      attemptOver: ({ context }) => attemptOver(env, context.rcpt, context.tried, context.sessions),
      refusedPermanently: ({ event }) => event.type === 'REFUSED' && event.code >= 500,
      /** Exim bounces when the last host it tries refuses it with 5xx (an IP lock); others defer. */
      bouncesOn5xxGreetingAtLast: () => SOFTWARE[host.software].bouncesOn5xxGreetingAtLast,
      replyIsPositive: ({ event }) => isCode(event, 200, 300),
      replyIsTemporary: ({ event }) => isCode(event, 400, 500),
    },
    actions: {
      answer: assign((_, params: { reply: number; reason: string }) => ({ reply: params.reply, reason: params.reason })),
      markTried: assign({
        tried: ({ context, event }) =>
          event.type === 'CONNECT_FAILED' || event.type === 'REFUSED' || event.type === 'CONNECTED' ? including(context.tried, event.index) : context.tried,
      }),
      /** Counted only where the software limits sessions per attempt (Postfix). */
      countSession: assign({
        sessions: ({ context }) => (Number.isFinite(SOFTWARE[host.software].sessionsPerAttempt) ? context.sessions + 1 : context.sessions),
      }),
      startRound: assign({ tried: NONE, sessions: 0 }),
      noteReply: assign({ reply: ({ event }) => ('code' in event ? event.code : 0) }),
      /** The routing state's choice among the hops the role declares (hops.ts). */
      chooseHop: assign((_, params: { hop: string }) => ({ hop: params.hop })),
      /**
       * Says that this DATA answer is a bounce for the message's hop count: the composed system
       * reads it from transition()'s actions and records the `hop-limit-bounce` effect.
       */
      refuseForHopCount: () => {},
      /**
       * Keeps `value` in the host's memory of this message (RoleDefinition.memory): the composed
       * system reads it from transition()'s actions (models/system/memory.ts) and hands it back as
       * the `memory` of the RCPT that opens the host's next session.
       */
      remember: (_, _params: { value: number }) => {},
    },
  });
}

export type HostSetup = ReturnType<typeof hostSetup>;
