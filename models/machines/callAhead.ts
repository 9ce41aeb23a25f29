/**
 * A call-ahead: the verifying host's client side of a brand-new SMTP session (HELO, MAIL FROM:<>,
 * RCPT TO:<addr>, QUIT) to its normal next hop for the address. Staged on Exim 4.96 (docs/fidelity.md,
 * "Call-ahead and the verifier's next candidates"; verify.c do_callout): it tries the candidates in
 * order like a delivery; a failed connection, a 4xx greeting, a 4xx to RCPT and a timeout move it on;
 * the first 5xx, to RCPT or in the greeting, from any candidate, ends it; there is no hosts_max_try.
 * It carries no Received header and no hop count, so nothing in it can notice a loop; in the model
 * a chain that repeats itself or grows past `limits.callAheadDepth` is cut as a real one is, by a
 * timeout (DOMAIN.md).
 * The result is the code the verifier maps: the answer itself, 451 when no candidate could be
 * reached ("451 Can't connect"), 0 when it timed out.
 */
import { assign, setup } from 'xstate';
import { allCandidatesTried, type HostEnv } from './env.js';
import { including, NONE, type TriedSet } from '../routing/triedSet.js';

export interface CallAheadContext {
  rcpt: string;
  tried: TriedSet;
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
  const isCode = (ev: CallAheadEvent, lo: number, hi: number): boolean => 'code' in ev && ev.code >= lo && ev.code < hi;
  return setup({
    types: { context: {} as CallAheadContext, events: {} as CallAheadEvent, input: {} as { rcpt: string } },
    guards: {
      /** The candidate that just failed, refused or answered 4xx was the verifier's last one. */
      lastCandidate: ({ context, event }) =>
        allCandidatesTried(env, context.rcpt, 'index' in event ? including(context.tried, event.index) : context.tried),
      answerIsDefinite: ({ event }) => isCode(event, 200, 300) || isCode(event, 500, 600),
      refusedPermanently: ({ event }) => isCode(event, 500, 600),
    },
    actions: {
      markTried: assign({ tried: ({ context, event }) => ('index' in event ? including(context.tried, event.index) : context.tried) }),
      takeAnswer: assign({ result: ({ event }) => ('code' in event ? event.code : 0) }),
      cannotConnect: assign({ result: 451 }),
      timeOut: assign({ result: 0 }),
    },
  }).createMachine({
    id: 'call-ahead',
    initial: 'connecting',
    context: ({ input }) => ({ rcpt: input.rcpt, tried: NONE, result: 0 }),
    states: {
      connecting: {
        on: {
          CONNECTED: { target: 'awaitingAnswer', actions: 'markTried' },
          CONNECT_FAILED: [
            { guard: 'lastCandidate', target: 'unreachable', actions: ['markTried', 'cannotConnect'] },
            { actions: 'markTried' },
          ],
          REFUSED: [
            // Exim's callout stops at the first 5xx, greeting included: "Callout verification failed".
            { guard: 'refusedPermanently', target: 'answered', actions: ['markTried', 'takeAnswer'] },
            { guard: 'lastCandidate', target: 'unreachable', actions: ['markTried', 'cannotConnect'] },
            { actions: 'markTried' },
          ],
        },
      },
      awaitingAnswer: {
        on: {
          ANSWER: [
            { guard: 'answerIsDefinite', target: 'answered', actions: 'takeAnswer' },
            // A 4xx moves the call-ahead on to the next candidate, as a delivery does.
            { guard: 'lastCandidate', target: 'answered', actions: 'takeAnswer' },
            { target: 'connecting' },
          ],
          TIMED_OUT: [
            { guard: 'lastCandidate', target: 'timedOut', actions: 'timeOut' },
            { target: 'connecting' },
          ],
        },
      },
      answered: { type: 'final' },
      unreachable: { type: 'final' },
      timedOut: { type: 'final' },
    },
  });
}

export type CallAheadMachine = ReturnType<typeof callAheadMachine>;
