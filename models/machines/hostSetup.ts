/**
 * The guards and actions every role shares. A receiving server answers RCPT by its `verify` mode
 * (FORMAT.md), checks DATA against its hop limit and spam policy; a host holding a message routes
 * it, connects to next-hop candidates in preference order, defers on 4xx and bounces on 5xx
 * (DOMAIN.md, "Sender / any MTA acting as a client"). Role files add their routing rule on top.
 */
import { assign, setup } from 'xstate';
import {
  acceptsDomain,
  allCandidatesTried,
  holdsMailbox,
  isBestMx,
  nextHopOf,
  type HostContext,
  type HostEnv,
  type HostEvent,
} from './env.js';

const isCode = (ev: HostEvent, lo: number, hi: number): boolean =>
  'code' in ev && ev.code >= lo && ev.code < hi;

export function hostSetup(env: HostEnv) {
  const { host } = env;
  return setup({
    types: { context: {} as HostContext, events: {} as HostEvent, input: {} as { rcpt: string } },
    guards: {
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
      routesLocally: ({ context }) => nextHopOf(env, context.rcpt).kind === 'local',
      hasNoNextHop: ({ context }) => nextHopOf(env, context.rcpt).kind === 'fail',
      lastCandidateFailed: ({ context, event }) =>
        event.type === 'CONNECT_FAILED' && allCandidatesTried(env, context.rcpt, context.tried | (1 << event.index)),
      replyIsPositive: ({ event }) => isCode(event, 200, 300),
      replyIsTemporary: ({ event }) => isCode(event, 400, 500),
    },
    actions: {
      answer: assign((_, params: { reply: number; reason: string }) => ({ reply: params.reply, reason: params.reason })),
      markTried: assign({
        tried: ({ context, event }) => (event.type === 'CONNECT_FAILED' ? context.tried | (1 << event.index) : context.tried),
      }),
      startRound: assign({ tried: 0 }),
      noteReply: assign({ reply: ({ event }) => ('code' in event ? event.code : 0) }),
    },
  });
}

export type HostSetup = ReturnType<typeof hostSetup>;
