/**
 * The client side, shared by every role: a host holding a message tries its next-hop candidates
 * (the system picks among equal preferences) and moves on to the next after a failed connection,
 * a refusal at connect, or any 4xx to RCPT or DATA; when the attempt is over (every candidate
 * tried, or the software's limit reached) it defers and later retries the whole list from the
 * best. A 5xx to RCPT or DATA bounces to the sender at once (FORMAT.md 1.1, "Senders and
 * messages"; measured on Exim 4.96 and Postfix 3.7).
 */
import { and } from 'xstate';
import type { HostSetup } from './hostSetup.js';
import { AWAITS_DATA_REPLY, AWAITS_RCPT_REPLY, AWAITS_ROUTE, BOUNCES, CONNECTS, DELIVERS, HANDS_OFF, RETRIES } from './tags.js';

const answer = (reply: number, reason: string) => ({ type: 'answer' as const, params: { reply, reason } });

/** A 4xx ends the session, not the attempt: defer only when nothing is left to try. */
const movesOnAfter4xx = [
  { guard: and(['replyIsTemporary', 'attemptOver']), target: 'deferred', actions: 'noteReply' },
  { guard: 'replyIsTemporary', target: 'queued' },
] as const;

export function forwardingStates(s: HostSetup) {
  return {
    accepted: s.createStateConfig({ tags: [AWAITS_ROUTE], on: { ROUTE: 'routing' } }),
    queued: s.createStateConfig({
      tags: [CONNECTS],
      on: {
        CONNECTED: { target: 'awaitingRcptReply', actions: ['markTried', 'countSession'] },
        CONNECT_FAILED: [
          { guard: 'lastCandidateFailed', target: 'deferred', actions: ['markTried', answer(451, 'no-connection')] },
          { actions: 'markTried' },
        ],
        REFUSED: [
          {
            guard: and(['refusedPermanently', 'lastCandidateFailed', 'bouncesOn5xxGreetingAtLast']),
            target: 'bounced',
            actions: ['markTried', answer(550, 'ip-lock')],
          },
          { guard: and(['refusedPermanently', 'lastCandidateFailed']), target: 'deferred', actions: ['markTried', answer(550, 'ip-lock')] },
          { guard: 'lastCandidateFailed', target: 'deferred', actions: ['markTried', answer(421, 'ip-lock-temporary')] },
          { actions: 'markTried' },
        ],
      },
    }),
    awaitingRcptReply: s.createStateConfig({
      tags: [AWAITS_RCPT_REPLY],
      on: {
        REPLY: [
          { guard: 'replyIsPositive', target: 'awaitingDataReply' },
          ...movesOnAfter4xx,
          { target: 'bounced', actions: 'noteReply' },
        ],
      },
    }),
    awaitingDataReply: s.createStateConfig({
      tags: [AWAITS_DATA_REPLY],
      on: {
        REPLY: [
          { guard: 'replyIsPositive', target: 'handedOff' },
          ...movesOnAfter4xx,
          { target: 'bounced', actions: 'noteReply' },
        ],
      },
    }),
    deferred: s.createStateConfig({ tags: [RETRIES], on: { RETRY: { target: 'queued', actions: 'startRound' } } }),
    delivered: s.createStateConfig({ type: 'final', tags: [DELIVERS] }),
    bounced: s.createStateConfig({ type: 'final', tags: [BOUNCES] }),
    /** 250 after DATA from the next hop: responsibility has passed on. */
    handedOff: s.createStateConfig({ type: 'final', tags: [HANDS_OFF] }),
  };
}

/** Routing steps every role takes before its own rule: final delivery, unknown user, no route. */
export function commonRouting() {
  return [
    { guard: 'holdsMailbox', target: 'delivered' },
    { guard: 'routesLocally', target: 'bounced', actions: answer(550, 'unknown-user') },
    { guard: 'hasNoNextHop', target: 'bounced', actions: answer(0, 'no-route') },
  ] as const;
}
