/**
 * The server side of one SMTP session, shared by every role: RCPT is answered by the host's
 * `verify` mode (a call-ahead waits in `verifying` for the answer of a fresh session to the host's
 * own next hop, FORMAT.md), then DATA is checked against the hop limit and the spam policy.
 * A host that holds the recipient's mailbox is the final destination and answers for it itself.
 */
import { and, not } from 'xstate';
import type { HostSetup } from './hostSetup.js';
import { CALLS_AHEAD, DISCARDS } from './tags.js';

const answer = (reply: number, reason: string) => ({ type: 'answer' as const, params: { reply, reason } });

/** An answer a role gives to RCPT before the shared checks (roleMachine.ts `recipientChecks`). */
export type RecipientCheck = Parameters<HostSetup['createStateConfig']>[0]['always'];

/** How a host answers its client after its own call-ahead: the outcomes a role may remember. */
export type CallAheadOutcome = 'accepted' | 'refused' | 'failed';

/** The call-ahead's result code, kept with `remember` (RoleDefinition.memory; system/memory.ts). */
const remember = { type: 'remember' as const, params: ({ event }: { event: { type: string; code?: number } }) => ({ value: event.code ?? 0 }) };

/**
 * `before`: a role's own answers, asked after the domain check and before the `verify` mode.
 * `remembers`: the call-ahead outcomes whose result the host keeps (a call-ahead cache): `accepted`
 * (2xx), `refused` (5xx), `failed` (anything else: 4xx, 451 cannot connect, a timeout — answered
 * 451, or 250 on `deferOk`).
 */
export function receivingStates(s: HostSetup, before: RecipientCheck[] = [], remembers: readonly CallAheadOutcome[] = []) {
  const keeps = (outcome: CallAheadOutcome, answered: ReturnType<typeof answer>) => (remembers.includes(outcome) ? [answered, remember] : answered);
  return {
    idle: s.createStateConfig({ on: { RCPT: 'checkingRecipient' } }),
    checkingRecipient: s.createStateConfig({
      always: [
        { guard: not('acceptsDomain'), target: 'refused', actions: answer(550, 'relay-denied') },
        ...(before as []),
        { guard: 'verifiesNothing', target: 'awaitingData', actions: answer(250, 'domain-accepted') },
        { guard: 'holdsMailbox', target: 'awaitingData', actions: answer(250, 'local-mailbox') },
        { guard: 'verifiesLocally', target: 'refused', actions: answer(550, 'unknown-user') },
        { guard: and(['verifiesByCallAhead', 'routesLocally']), target: 'refused', actions: answer(550, 'unknown-user') },
        { guard: and(['verifiesByCallAhead', 'hasNoNextHop']), target: 'refused', actions: answer(550, 'no-route') },
        { guard: 'verifiesByCallAhead', target: 'verifying' },
        { guard: 'isOnRecipientList', target: 'awaitingData', actions: answer(250, 'on-recipient-list') },
        { target: 'refused', actions: answer(550, 'not-on-recipient-list') },
      ],
    }),
    verifying: s.createStateConfig({
      tags: [CALLS_AHEAD],
      on: {
        CALL_AHEAD_RESULT: [
          { guard: 'answerIsPositive', target: 'awaitingData', actions: keeps('accepted', answer(250, 'call-ahead-accepted')) },
          { guard: 'answerIsPermanentFailure', target: 'refused', actions: keeps('refused', answer(550, 'call-ahead-refused')) },
          { guard: 'acceptsOnDefer', target: 'awaitingData', actions: keeps('failed', answer(250, 'call-ahead-defer-ok')) },
          { target: 'refused', actions: keeps('failed', answer(451, 'call-ahead-failed')) },
        ],
      },
    }),
    awaitingData: s.createStateConfig({
      on: {
        DATA: [
          { guard: 'overHopLimit', target: 'refused', actions: [answer(554, 'hop-limit'), 'refuseForHopCount'] },
          { guard: and(['senderBlockedAsSpam', 'quarantinesSpam']), target: 'quarantined', actions: answer(250, 'quarantined') },
          { guard: 'senderBlockedAsSpam', target: 'refused', actions: answer(550, 'spam-rejected') },
          { target: 'accepted', actions: answer(250, 'accepted') },
        ],
      },
    }),
    refused: s.createStateConfig({ type: 'final' }),
    /** Accepted with 250 after DATA, then silently discarded: the article's "lost mail". */
    quarantined: s.createStateConfig({ type: 'final', tags: [DISCARDS] }),
  };
}
