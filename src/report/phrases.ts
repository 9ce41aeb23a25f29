/**
 * Guards and actions of the XState machines as an administrator reads them. The machines name
 * their guards and actions for programmers (`and(verifiesByCallAhead, routesLocally)`,
 * `answer(550 relay-denied)`); the statecharts print sentences instead ("verifies by call-ahead
 * and routes locally", "answers 550 (relay denied)"). One table per kind, keyed by the name in the
 * machine; a name missing from the table (a guard added later) still reads as words, split from
 * its camelCase, so a new guard never breaks a diagram. test/diagrams/machines.test.ts checks that
 * every name the machines use has its phrase here.
 */

/** What a guard says about the host, the message or the event, as a predicate; and its negation. */
export const GUARD_PHRASES: Readonly<Record<string, { yes: string; no?: string }>> = {
  acceptsDomain: { yes: "accepts the recipient's domain", no: "does not accept the recipient's domain" },
  verifiesByCallAhead: { yes: 'verifies by call-ahead', no: 'does not verify by call-ahead' },
  verifiesNothing: { yes: 'verifies nothing', no: 'verifies recipients' },
  verifiesLocally: { yes: 'verifies against its own mailboxes' },
  holdsMailbox: { yes: 'holds the mailbox', no: 'does not hold the mailbox' },
  isOnRecipientList: { yes: 'the recipient is on its list', no: 'the recipient is not on its list' },
  answerIsPositive: { yes: 'the call-ahead answered 2xx' },
  answerIsPermanentFailure: { yes: 'the call-ahead answered 5xx' },
  acceptsOnDefer: { yes: 'accepts when the call-ahead cannot tell (deferOk)' },
  overHopLimit: { yes: 'the message has passed its hop limit' },
  senderBlockedAsSpam: { yes: 'the client is blocked as spam', no: 'the client is not blocked as spam' },
  quarantinesSpam: { yes: 'its spam action is quarantine' },
  isBestMx: { yes: 'is the best MX', no: 'is not the best MX' },
  routesByBestMx: { yes: 'follows the best-MX rule for the domain', no: 'has a per-domain route for the domain' },
  routesLocally: { yes: 'routes locally', no: 'does not route locally' },
  hasNoNextHop: { yes: 'has no next hop', no: 'has a next hop' },
  lastCandidateFailed: { yes: 'that was the last host to try', no: 'hosts are left to try' },
  attemptOver: { yes: 'nothing is left to try in this attempt' },
  refusedPermanently: { yes: 'refused with 5xx', no: 'refused with 4xx' },
  bouncesOn5xxGreetingAtLast: { yes: 'its software bounces then (Exim)' },
  replyIsPositive: { yes: 'the reply is 2xx' },
  replyIsTemporary: { yes: 'the reply is 4xx' },
  lastCandidate: { yes: "that was the verifier's last candidate", no: 'candidates are left' },
  answerIsDefinite: { yes: 'the answer is 2xx or 5xx' },
};

/** Actions without parameters. */
export const ACTION_PHRASES: Readonly<Record<string, string>> = {
  markTried: 'marks the host tried',
  countSession: 'counts the session',
  noteReply: 'keeps the reply',
  startRound: 'starts a new attempt',
  refuseForHopCount: 'counts it a hop-limit bounce',
  remember: "remembers the call-ahead's answer",
  // Said with the hop's name where the machine gives it (actionSentence); this is the bare name's.
  chooseHop: 'chooses a hop',
  cannotConnect: 'reaches no candidate (451)',
  takeAnswer: 'takes the answer',
  timeOut: 'times out',
};

/** `answer(0 …)`: not an SMTP reply but the routing decision the host notes. */
export const ROUTE_PHRASES: Readonly<Record<string, string>> = {
  'no-route': 'finds no route',
  'by-route': 'routes by its configured route',
  'to-destination': 'routes to its destination',
  'to-best-mx': 'routes to the best MX',
  'to-better-mx': 'routes to a better MX',
  'by-mx': 'routes by MX',
};

/** The reason an `answer(CODE reason)` gives, where its words alone read badly. */
export const REASON_PHRASES: Readonly<Record<string, string>> = {
  'call-ahead-accepted': 'the call-ahead accepted',
  'call-ahead-refused': 'the call-ahead refused',
  'call-ahead-defer-ok': 'the call-ahead could not tell, deferOk',
  'call-ahead-failed': 'the call-ahead failed',
  'ip-lock': 'IP lock',
  'ip-lock-temporary': 'IP lock, temporary',
  'no-connection': 'no host could be reached',
};

/** A guard as the machine builds it: a name, or `and`/`or`/`not` over guards. */
export type GuardExpr = { name: string } | { op: 'and' | 'or' | 'not'; args: GuardExpr[] };

/** `verifiesByCallAhead` → "verifies by call ahead": the fallback for a name not in a table. */
export function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .toLowerCase()
    .trim();
}

/** "a", "a and b", "a, b and c". */
function list(parts: string[], conjunction: 'and' | 'or'): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} ${conjunction} ${parts.at(-1)}`;
}

export function guardSentence(guard: GuardExpr): string {
  if ('name' in guard) return GUARD_PHRASES[guard.name]?.yes ?? words(guard.name);
  if (guard.op === 'not') {
    const [inner] = guard.args;
    if (guard.args.length === 1 && inner !== undefined && 'name' in inner) {
      const no = GUARD_PHRASES[inner.name]?.no;
      if (no !== undefined) return no;
    }
    return `not (${list(guard.args.map(guardSentence), 'and')})`;
  }
  // A nested and/or inside another reads ambiguously without brackets.
  return list(guard.args.map((g) => ('op' in g && g.op !== 'not' ? `(${guardSentence(g)})` : guardSentence(g))), guard.op);
}

/** An action with its parameters (`answer` takes `{ reply, reason }`). */
export function actionSentence(type: string, params: Record<string, unknown> = {}): string {
  if (type === 'answer' && typeof params.reply === 'number' && typeof params.reason === 'string') {
    if (params.reply === 0) return ROUTE_PHRASES[params.reason] ?? `routes: ${words(params.reason)}`;
    return `answers ${params.reply} (${REASON_PHRASES[params.reason] ?? words(params.reason)})`;
  }
  if (type === 'chooseHop' && typeof params.hop === 'string') return `chooses the hop ${params.hop}`;
  const known = ACTION_PHRASES[type];
  if (known !== undefined) return known;
  const values = Object.values(params);
  return values.length === 0 ? words(type) : `${words(type)} (${values.map(String).join(' ')})`;
}
