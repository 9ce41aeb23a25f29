/**
 * A call-ahead: the verifying host's client side of a brand-new SMTP session (HELO, MAIL FROM:<>,
 * RCPT TO:<addr>, QUIT) to its normal next hop for the address. It carries no Received header and
 * no hop count, so nothing in it can notice a loop; in the model a chain that repeats itself or
 * grows past `limits.callAheadDepth` is cut as a real one is, by a timeout (DOMAIN.md).
 * The result is the code the verifier maps: the answer itself, 451 when no candidate could be
 * reached ("451 Can't connect"), 0 when it timed out.
 */
import { assign, setup } from 'xstate';
import { allCandidatesTried, type HostEnv } from './env.js';

export interface CallAheadContext {
  rcpt: string;
  tried: number;
  result: number;
}

export type CallAheadEvent =
  | { type: 'CONNECTED'; index: number }
  | { type: 'CONNECT_FAILED'; index: number }
  /** The candidate refused the verifier in its greeting (an IP lock): tried like a failed connection. */
  | { type: 'REFUSED'; index: number; code: number }
  | { type: 'ANSWER'; code: number }
  /** The chain below never answers: it repeats itself or is too deep, and the session times out. */
  | { type: 'TIMED_OUT' };

export function callAheadMachine(env: HostEnv) {
  return setup({
    types: { context: {} as CallAheadContext, events: {} as CallAheadEvent, input: {} as { rcpt: string } },
    guards: {
      lastCandidateFailed: ({ context, event }) =>
        (event.type === 'CONNECT_FAILED' || event.type === 'REFUSED') && allCandidatesTried(env, context.rcpt, context.tried | (1 << event.index)),
    },
    actions: {
      markTried: assign({
        tried: ({ context, event }) =>
          event.type === 'CONNECT_FAILED' || event.type === 'REFUSED' ? context.tried | (1 << event.index) : context.tried,
      }),
      takeAnswer: assign({ result: ({ event }) => (event.type === 'ANSWER' ? event.code : 0) }),
      cannotConnect: assign({ result: 451 }),
      timeOut: assign({ result: 0 }),
    },
  }).createMachine({
    id: 'call-ahead',
    initial: 'connecting',
    context: ({ input }) => ({ rcpt: input.rcpt, tried: 0, result: 0 }),
    states: {
      connecting: {
        on: {
          CONNECTED: 'awaitingAnswer',
          CONNECT_FAILED: [
            { guard: 'lastCandidateFailed', target: 'unreachable', actions: ['markTried', 'cannotConnect'] },
            { actions: 'markTried' },
          ],
          REFUSED: [
            { guard: 'lastCandidateFailed', target: 'unreachable', actions: ['markTried', 'cannotConnect'] },
            { actions: 'markTried' },
          ],
        },
      },
      awaitingAnswer: {
        on: {
          ANSWER: { target: 'answered', actions: 'takeAnswer' },
          TIMED_OUT: { target: 'timedOut', actions: 'timeOut' },
        },
      },
      answered: { type: 'final' },
      unreachable: { type: 'final' },
      timedOut: { type: 'final' },
    },
  });
}

export type CallAheadMachine = ReturnType<typeof callAheadMachine>;
