/**
 * The client side, shared by every role: a host holding a message tries its next-hop candidates
 * (the system picks among equal preferences), moves on after a failed connection, defers on any
 * 4xx and retries the whole list later, and bounces to the sender on a 5xx (DOMAIN.md).
 */
import type { HostSetup } from './hostSetup.js';

const answer = (reply: number, reason: string) => ({ type: 'answer' as const, params: { reply, reason } });

export function forwardingStates(s: HostSetup) {
  return {
    accepted: s.createStateConfig({ on: { ROUTE: 'routing' } }),
    queued: s.createStateConfig({
      on: {
        CONNECTED: 'awaitingRcptReply',
        CONNECT_FAILED: [
          { guard: 'lastCandidateFailed', target: 'deferred', actions: ['markTried', answer(451, 'no-connection')] },
          { actions: 'markTried' },
        ],
      },
    }),
    awaitingRcptReply: s.createStateConfig({
      on: {
        REPLY: [
          { guard: 'replyIsPositive', target: 'awaitingDataReply' },
          { guard: 'replyIsTemporary', target: 'deferred', actions: 'noteReply' },
          { target: 'bounced', actions: 'noteReply' },
        ],
      },
    }),
    awaitingDataReply: s.createStateConfig({
      on: {
        REPLY: [
          { guard: 'replyIsPositive', target: 'handedOff' },
          { guard: 'replyIsTemporary', target: 'deferred', actions: 'noteReply' },
          { target: 'bounced', actions: 'noteReply' },
        ],
      },
    }),
    deferred: s.createStateConfig({ on: { RETRY: { target: 'queued', actions: 'startRound' } } }),
    delivered: s.createStateConfig({ type: 'final' }),
    bounced: s.createStateConfig({ type: 'final' }),
    /** 250 after DATA from the next hop: responsibility has passed on. */
    handedOff: s.createStateConfig({ type: 'final' }),
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
