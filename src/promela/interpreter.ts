/**
 * The Promela code every export shares: the mail system's rules — each role's SMTP server and
 * client side, call-aheads, retries, hop counts, transient faults — written from FORMAT.md
 * (revision 1.1) and the role machines (models/machines) as Promela, over the tables facts.ts
 * fills. One process steps the composed system: each `d_step` option of its loop is one step of
 * one message (with one choice among equal-preference next hops) or one fault going down or up, so
 * SPIN's states are exactly mxproof's (plus the one before the tables are filled).
 *
 * A message's state: who holds it (`holder`, that host's client state `val`, `reply`, `reason`,
 * the candidates `tried` in this delivery attempt and the `sessions` it held in it), its hop count,
 * the hosts it passed (`visited`, a bitmask), where it left the model (`left`), whether a
 * call-ahead chain was cut (`trunc`), and its stack of SMTP sessions (`f[0]` the delivery session,
 * `f[1..]` nested call-aheads, each verifier with the candidates its call-ahead tried). Unused
 * frames stay zero. `choices`, the candidates it may try next, is derived from the rest after
 * each step (offerChoices), so it never tells states apart.
 */

export const HOST_VALUES = [
  'IDLE', 'REFUSED', 'AWAIT_DATA', 'VERIFYING', 'QUARANTINED', 'ACCEPTED', 'QUEUED',
  'AWAIT_RCPT_REPLY', 'AWAIT_DATA_REPLY', 'DEFERRED', 'DELIVERED', 'BOUNCED', 'HANDED_OFF',
] as const;

/** Reason ids the machines record (models/system/reasons.ts), with '' as NONE. */
export const REASONS = [
  'NONE', 'relay-denied', 'domain-accepted', 'local-mailbox', 'unknown-user', 'no-route', 'on-recipient-list',
  'not-on-recipient-list', 'call-ahead-accepted', 'call-ahead-refused', 'call-ahead-defer-ok', 'call-ahead-failed',
  'hop-limit', 'quarantined', 'spam-rejected', 'accepted', 'no-connection', 'by-route', 'by-mx', 'to-destination',
  'to-better-mx', 'to-best-mx', 'ip-lock', 'ip-lock-temporary',
] as const;

/** `software` values, as the SOFTWARE table codes them. */
export const SOFTWARE_CODE = { generic: 0, postfix: 1, exim: 2 } as const;

type Limits = { candidates: number | null; sessions: number | null; onePerPreferenceAfter: number | null };

/**
 * FORMAT.md 1.1, "Senders and messages": where real MTAs differ as clients. Per software, the most
 * candidates one delivery attempt tries, the most of them that may answer the greeting (Postfix's
 * smtp_mx_session_limit), and after how many Exim stops trying the rest of a preference and tries
 * only one host of each worse one (hosts_max_try = 5, as staged on Exim 4.96: six MX hosts down and a
 * seventh accepting is delivered; hosts_max_try_hardlimit = 50 in all); `null` is no limit.
 */
export const CLIENT_LIMITS: Record<keyof typeof SOFTWARE_CODE, Limits> = {
  generic: { candidates: null, sessions: null, onePerPreferenceAfter: null },
  postfix: { candidates: 5, sessions: 2, onePerPreferenceAfter: null },
  exim: { candidates: 50, sessions: null, onePerPreferenceAfter: 5 },
};

/** Stands for "no limit" in the limit macros: more than any candidate list (at most 15) or session count. */
const NO_LIMIT = 255;

/**
 * Bits the `sessions` counter needs. It is counted only under a finite session limit and never
 * passes it: a host connects only while its attempt is not over, so with `sessions` below the limit.
 */
export function sessionBits(): number {
  const most = Math.max(1, ...Object.values(CLIENT_LIMITS).map((l) => l.sessions ?? 0));
  return Math.max(1, Math.ceil(Math.log2(most + 1)));
}

const limitMacro = (name: string, pick: (l: Limits) => number | null): string => {
  let body = 'NO_LIMIT';
  for (const sw of Object.keys(SOFTWARE_CODE).reverse()) {
    const v = pick(CLIENT_LIMITS[sw as keyof typeof SOFTWARE_CODE]);
    if (v !== null) body = `(SOFTWARE(h) == SW_${sw.toUpperCase()} -> ${v} : ${body})`;
  }
  return `#define ${name}(h) ${body}`;
};

/** Most candidates a next hop may have in an export (a `short` bitmask holds 15). */
export const MAX_CANDIDATES = 15;

const macro = (name: string) => `R_${name.toUpperCase().replace(/-/g, '_')}`;

export function constants(): string {
  return [
    ...HOST_VALUES.map((v, i) => `#define V_${v} ${i}`),
    '#define CA_NONE 0',
    '#define CA_CONNECTING 1',
    '#define CA_AWAIT_ANSWER 2',
    ...REASONS.map((r, i) => `#define ${macro(r)} ${i}`),
    '#define VERIFY_NONE 0',
    '#define VERIFY_LOCAL 1',
    '#define VERIFY_LIST 2',
    '#define VERIFY_CALL_AHEAD 3',
    '#define ROLE_MAILBOX 0',
    '#define ROLE_RELAY 1',
    '#define ROLE_FILTER 2',
    '#define ROLE_BACKUP_MX 3',
    '#define ROLE_MTA 4',
    '#define HOP_LOCAL 0',
    '#define HOP_CANDIDATES 1',
    '#define HOP_FAIL 2',
    '#define TO_HOST 0',
    '#define TO_OUTSIDE 1',
    '#define TO_NOWHERE 2',
    ...Object.entries(SOFTWARE_CODE).map(([sw, code]) => `#define SW_${sw.toUpperCase()} ${code}`),
    `#define NO_LIMIT ${NO_LIMIT}`,
    '/* FORMAT.md 1.1, the software table: candidates one attempt tries, sessions (greetings answered) it holds, */',
    '/* and after how many candidates only one host of each worse preference is tried (Exim). */',
    limitMacro('CANDIDATE_LIMIT', (l) => l.candidates),
    limitMacro('SESSION_LIMIT', (l) => l.sessions),
    limitMacro('ONE_PER_PREFERENCE_AFTER', (l) => l.onePerPreferenceAfter),
    '/* Exim bounces when the last candidate an attempt tries refuses it with 5xx at connect; the others defer. */',
    '#define BOUNCES_ON_5XX_GREETING(h) (SOFTWARE(h) == SW_EXIM)',
  ].join('\n');
}

/**
 * Machine rules as inline procedures. The scratch variables `s_*` carry values within one step;
 * every step ends by zeroing them (BFS in SPIN forbids `hidden`), so they never tell states apart.
 */
export const RULES = String.raw`
#define IS2XX(c) ((c) >= 200 && (c) < 300)
#define IS4XX(c) ((c) >= 400 && (c) < 500)
#define IS5XX(c) ((c) >= 500 && (c) < 600)
#define ALL_TRIED(m, h) ((1 << NCAND(m, h)) - 1)
/* choice k is untried and in the best preference group that still has untried candidates */
#define CHOOSABLE(m, h, tried, k) (k < NCAND(m, h) && ((tried) & (1 << k)) == 0 && ((tried) & LOWER(m, h, k)) == LOWER(m, h, k))
/* choice k is in the preference after the last one tried from, none of whose hosts was tried */
#define NEXT_PREFERENCE(m, h, tried, k) (k < NCAND(m, h) && ((tried) & SAME(m, h, k)) == 0 && ((tried) & PREV_GROUP(m, h, k)) != 0)
/* A connection to candidate k opens: a modelled host, up, listening on the port, the port not blocked. */
#define REACHABLE(m, h, k) (TO(m, h, k) == TO_HOST && OPEN(m, h, k) && !IS_DOWN(TARGET(m, h, k)))
/* ... and the server greets the client (220) rather than refusing it for its allowFrom lock. */
#define GREETS(m, h, k) (REACHABLE(m, h, k) && !LOCKED(m, h, k))

/* A server receives RCPT for the message's recipient: answer by its verify mode (FORMAT.md). */
inline rcpt(mm, hh) {
  s_val = V_IDLE; s_reply = 0; s_reason = R_NONE;
  if
  :: !ACCEPTS(mm, hh) -> s_val = V_REFUSED; s_reply = 550; s_reason = R_RELAY_DENIED
  :: ACCEPTS(mm, hh) && VERIFY(hh) == VERIFY_NONE -> s_val = V_AWAIT_DATA; s_reply = 250; s_reason = R_DOMAIN_ACCEPTED
  :: ACCEPTS(mm, hh) && VERIFY(hh) != VERIFY_NONE && MAILBOX(mm, hh) -> s_val = V_AWAIT_DATA; s_reply = 250; s_reason = R_LOCAL_MAILBOX
  :: ACCEPTS(mm, hh) && !MAILBOX(mm, hh) && VERIFY(hh) == VERIFY_LOCAL -> s_val = V_REFUSED; s_reply = 550; s_reason = R_UNKNOWN_USER
  :: ACCEPTS(mm, hh) && !MAILBOX(mm, hh) && VERIFY(hh) == VERIFY_CALL_AHEAD ->
     if
     :: HOP(mm, hh) == HOP_LOCAL -> s_val = V_REFUSED; s_reply = 550; s_reason = R_UNKNOWN_USER
     :: HOP(mm, hh) == HOP_FAIL -> s_val = V_REFUSED; s_reply = 550; s_reason = R_NO_ROUTE
     :: HOP(mm, hh) == HOP_CANDIDATES -> s_val = V_VERIFYING
     fi
  :: ACCEPTS(mm, hh) && !MAILBOX(mm, hh) && VERIFY(hh) == VERIFY_LIST ->
     if
     :: ONLIST(mm, hh) -> s_val = V_AWAIT_DATA; s_reply = 250; s_reason = R_ON_RECIPIENT_LIST
     :: else -> s_val = V_REFUSED; s_reply = 550; s_reason = R_NOT_ON_RECIPIENT_LIST
     fi
  fi
}

/* A verifying server maps its call-ahead's result (0: timed out) into its own RCPT answer. */
inline callAheadResult(hh, cc) {
  if
  :: IS2XX(cc) -> s_val = V_AWAIT_DATA; s_reply = 250; s_reason = R_CALL_AHEAD_ACCEPTED
  :: IS5XX(cc) -> s_val = V_REFUSED; s_reply = 550; s_reason = R_CALL_AHEAD_REFUSED
  :: !IS2XX(cc) && !IS5XX(cc) && DEFER_OK(hh) -> s_val = V_AWAIT_DATA; s_reply = 250; s_reason = R_CALL_AHEAD_DEFER_OK
  :: !IS2XX(cc) && !IS5XX(cc) && !DEFER_OK(hh) -> s_val = V_REFUSED; s_reply = 451; s_reason = R_CALL_AHEAD_FAILED
  fi
}

/* A server that answered 250 to RCPT receives the message from client cl carrying hp Received headers. */
inline data(hh, cl, hp) {
  if
  :: hp >= HOP_LIMIT(hh) -> s_val = V_REFUSED; s_reply = 554; s_reason = R_HOP_LIMIT
  :: hp < HOP_LIMIT(hh) && SPAM(hh, cl) && QUARANTINES(hh) -> s_val = V_QUARANTINED; s_reply = 250; s_reason = R_QUARANTINED
  :: hp < HOP_LIMIT(hh) && SPAM(hh, cl) && !QUARANTINES(hh) -> s_val = V_REFUSED; s_reply = 550; s_reason = R_SPAM_REJECTED
  :: hp < HOP_LIMIT(hh) && !SPAM(hh, cl) -> s_val = V_ACCEPTED; s_reply = 250; s_reason = R_ACCEPTED
  fi
}

/* The frame at index tt finished its call-ahead with code cc: the verifier answers from it. */
inline settle(mm, tt, cc) {
  s_val = msg[mm].f[tt].val; s_reply = msg[mm].f[tt].reply; s_reason = msg[mm].f[tt].reason;
  callAheadResult(msg[mm].f[tt].host, cc);
  msg[mm].f[tt].val = s_val; msg[mm].f[tt].reply = s_reply; msg[mm].f[tt].reason = s_reason;
  msg[mm].f[tt].cval = CA_NONE; msg[mm].f[tt].ctried = 0
}

inline clearFrame(mm, tt) {
  msg[mm].f[tt].host = 0; msg[mm].f[tt].val = 0; msg[mm].f[tt].reply = 0; msg[mm].f[tt].reason = 0;
  msg[mm].f[tt].cval = 0; msg[mm].f[tt].ctried = 0
}

/* Server ss takes RCPT into frame tt; a verifier starts a fresh call-ahead session. */
inline openSession(mm, tt, ss) {
  rcpt(mm, ss);
  msg[mm].f[tt].host = ss; msg[mm].f[tt].val = s_val; msg[mm].f[tt].reply = s_reply; msg[mm].f[tt].reason = s_reason;
  if
  :: s_val == V_VERIFYING -> msg[mm].f[tt].cval = CA_CONNECTING
  :: else -> msg[mm].f[tt].cval = CA_NONE
  fi;
  msg[mm].f[tt].ctried = 0
}

/* The holder, with an accepted message, decides where it goes (forwarding.ts, then its role's rule). */
inline route(mm) {
  s_host = msg[mm].holder;
  if
  :: MAILBOX(mm, s_host) -> msg[mm].val = V_DELIVERED
  :: !MAILBOX(mm, s_host) && HOP(mm, s_host) == HOP_LOCAL -> msg[mm].val = V_BOUNCED; msg[mm].reply = 550; msg[mm].reason = R_UNKNOWN_USER
  :: !MAILBOX(mm, s_host) && HOP(mm, s_host) == HOP_FAIL -> msg[mm].val = V_BOUNCED; msg[mm].reply = 0; msg[mm].reason = R_NO_ROUTE
  :: !MAILBOX(mm, s_host) && HOP(mm, s_host) == HOP_CANDIDATES ->
     msg[mm].val = V_QUEUED; msg[mm].reply = 0;
     if
     :: ROLE(s_host) == ROLE_MAILBOX -> msg[mm].reason = R_BY_ROUTE
     :: ROLE(s_host) == ROLE_MTA -> msg[mm].reason = R_BY_MX
     :: ROLE(s_host) == ROLE_FILTER -> msg[mm].reason = R_TO_DESTINATION
     :: ROLE(s_host) == ROLE_BACKUP_MX -> msg[mm].reason = R_TO_BETTER_MX
     :: ROLE(s_host) == ROLE_RELAY && BY_BEST_MX(mm, s_host) && BEST_MX(mm, s_host) -> msg[mm].reason = R_TO_DESTINATION
     :: ROLE(s_host) == ROLE_RELAY && BY_BEST_MX(mm, s_host) && !BEST_MX(mm, s_host) -> msg[mm].reason = R_TO_BEST_MX
     :: ROLE(s_host) == ROLE_RELAY && !BY_BEST_MX(mm, s_host) -> msg[mm].reason = R_BY_ROUTE
     fi
  fi
}

/*
 * FORMAT.md 1.1: one delivery attempt tries the candidates in preference order, the best untried
 * first (equal preferences in any order), and moves on after a failed connection, a refusal at
 * connect or any 4xx — within its software's limits: so many candidates, so many sessions, and
 * for Exim past hosts_max_try only one host of each worse preference. Sets s_choices to the
 * candidates the holder of message mm may try next, with its tried set and sessions as they are now.
 */
inline holderChoices(mm) {
  s_host = msg[mm].holder;
  s_choices = 0;
  s_n = 0;
  s_j = 0;
  do
  :: s_j < NCAND(mm, s_host) -> if :: (msg[mm].tried & (1 << s_j)) != 0 -> s_n++ :: else -> skip fi; s_j++
  :: s_j >= NCAND(mm, s_host) -> break
  od;
  if
  :: s_n < CANDIDATE_LIMIT(s_host) && msg[mm].sessions < SESSION_LIMIT(s_host) ->
     s_j = 0;
     do
     :: s_j < NCAND(mm, s_host) ->
        if
        :: (s_n < ONE_PER_PREFERENCE_AFTER(s_host) && CHOOSABLE(mm, s_host, msg[mm].tried, s_j)) ||
           (s_n >= ONE_PER_PREFERENCE_AFTER(s_host) && NEXT_PREFERENCE(mm, s_host, msg[mm].tried, s_j)) -> s_choices = s_choices | (1 << s_j)
        :: else -> skip
        fi;
        s_j++
     :: s_j >= NCAND(mm, s_host) -> break
     od
  :: else -> skip
  fi
}

/* The attempt is over when it has nothing left to try: s_over. */
inline attemptOver(mm) {
  holderChoices(mm);
  s_over = (s_choices == 0)
}

/*
 * The holder got a session with candidate k (a greeting, or a server outside the model taking the
 * message): the candidate is tried, and where the software limits sessions per attempt (Postfix)
 * the session counts. It never passes that limit (a host connects only while its attempt is not
 * over), which is all the width of the field. Elsewhere sessions stays 0: with no limit nothing
 * depends on it, and counting it would split states that are one and the same.
 */
inline startSession(mm, kk) {
  msg[mm].tried = msg[mm].tried | (1 << kk);
  if
  :: SESSION_LIMIT(msg[mm].holder) != NO_LIMIT -> msg[mm].sessions = msg[mm].sessions + 1
  :: else -> skip
  fi
}

/* The session ended with a 4xx (RCPT or DATA): the next candidate, or, with the attempt over, defer. */
inline temporaryFailure(mm, cc) {
  attemptOver(mm);
  if
  :: s_over -> msg[mm].val = V_DEFERRED; msg[mm].reply = cc
  :: else -> msg[mm].val = V_QUEUED
  fi
}

/*
 * The holder connects to candidate k. A server outside the model takes the message (it leaves);
 * a modelled server greets it and gets RCPT, or refuses it at connect for its allowFrom lock (tried,
 * no session: a refused greeting is not one); no connection at all (down, blocked port, not
 * listening, a name that does not resolve) is tried too. After a refusal or failure the holder
 * stays queued for its next candidate unless the attempt is over: then it defers — except that
 * Exim bounces on a 5xx refusal from the last candidate it tries.
 */
inline deliver(mm, kk) {
  s_host = msg[mm].holder;
  if
  :: TO(mm, s_host, kk) == TO_OUTSIDE ->
     startSession(mm, kk);
     msg[mm].val = V_HANDED_OFF; msg[mm].left = TARGET(mm, s_host, kk)
  :: GREETS(mm, s_host, kk) ->
     startSession(mm, kk);
     msg[mm].val = V_AWAIT_RCPT_REPLY;
     s_srv = TARGET(mm, s_host, kk);
     openSession(mm, 0, s_srv);
     msg[mm].nf = 1
  :: REACHABLE(mm, s_host, kk) && LOCKED(mm, s_host, kk) ->
     msg[mm].tried = msg[mm].tried | (1 << kk);
     s_code = LOCK_REPLY(TARGET(mm, s_host, kk));
     attemptOver(mm);
     if
     :: s_over && IS5XX(s_code) && BOUNCES_ON_5XX_GREETING(s_host) -> msg[mm].val = V_BOUNCED; msg[mm].reply = s_code; msg[mm].reason = R_IP_LOCK
     :: s_over && IS5XX(s_code) && !BOUNCES_ON_5XX_GREETING(s_host) -> msg[mm].val = V_DEFERRED; msg[mm].reply = s_code; msg[mm].reason = R_IP_LOCK
     :: s_over && !IS5XX(s_code) -> msg[mm].val = V_DEFERRED; msg[mm].reply = s_code; msg[mm].reason = R_IP_LOCK_TEMPORARY
     :: !s_over -> skip
     fi
  :: TO(mm, s_host, kk) != TO_OUTSIDE && !REACHABLE(mm, s_host, kk) ->
     msg[mm].tried = msg[mm].tried | (1 << kk);
     attemptOver(mm);
     if
     :: s_over -> msg[mm].val = V_DEFERRED; msg[mm].reply = 451; msg[mm].reason = R_NO_CONNECTION
     :: else -> skip
     fi
  fi
}

/*
 * The call-ahead of frame tt got nothing definite from the candidate it just tried (no connection,
 * a 4xx greeting or answer: code cc, 451 for "can't connect"; or a timeout: 0), and s_tried holds
 * the candidates it has tried: it moves on to its next candidate, or, with none left, the verifier
 * answers from cc.
 */
inline calloutMovesOn(mm, tt, cc) {
  if
  :: s_tried == ALL_TRIED(mm, msg[mm].f[tt].host) -> settle(mm, tt, cc)
  :: else -> msg[mm].f[tt].ctried = s_tried; msg[mm].f[tt].cval = CA_CONNECTING
  fi
}

/*
 * The innermost verifier calls ahead to candidate k of its own next hop. As staged on Exim's
 * callout, it walks the candidates like a delivery, without any software limit: a failed
 * connection, a 4xx greeting, a 4xx answer or a timeout moves it on; a 2xx or a 5xx, in the
 * greeting too, is its answer. A server outside the model cannot be asked: no connection.
 */
inline callAhead(mm, kk) {
  s_top = msg[mm].nf - 1;
  s_host = msg[mm].f[s_top].host;
  s_tried = msg[mm].f[s_top].ctried | (1 << kk);
  if
  :: GREETS(mm, s_host, kk) ->
     s_srv = TARGET(mm, s_host, kk);
     s_repeats = 0;
     s_j = 1;
     do
     :: s_j < msg[mm].nf -> if :: msg[mm].f[s_j - 1].host == s_host && msg[mm].f[s_j].host == s_srv -> s_repeats = 1 :: else -> skip fi; s_j++
     :: s_j >= msg[mm].nf -> break
     od;
     if
     :: s_repeats ->
        /* from here the chain repeats forever: no answer comes, the call-ahead times out */
        CALL_AHEAD_UNBOUNDED;
        calloutMovesOn(mm, s_top, 0)
     :: !s_repeats && msg[mm].nf > CALL_AHEAD_DEPTH ->
        /* deeper than the user let us look: the run is cut here, as it stands */
        CALL_AHEAD_UNBOUNDED;
        msg[mm].trunc = 1
     :: !s_repeats && msg[mm].nf <= CALL_AHEAD_DEPTH ->
        msg[mm].f[s_top].ctried = s_tried;
        msg[mm].f[s_top].cval = CA_AWAIT_ANSWER;
        openSession(mm, s_top + 1, s_srv);
        msg[mm].nf = s_top + 2
     fi
  :: REACHABLE(mm, s_host, kk) && LOCKED(mm, s_host, kk) && IS5XX(LOCK_REPLY(TARGET(mm, s_host, kk))) ->
     s_code = LOCK_REPLY(TARGET(mm, s_host, kk));
     settle(mm, s_top, s_code) /* through a variable: SPIN 6.5.2 crashes on a table macro as an inline's argument */
  :: else -> calloutMovesOn(mm, s_top, 451)
  fi
}

/* The innermost call-ahead's server answers; its caller takes a definite answer, or moves on after a 4xx. */
inline answerCallAhead(mm) {
  s_top = msg[mm].nf - 1;
  s_code = msg[mm].f[s_top].reply;
  clearFrame(mm, s_top);
  msg[mm].nf = s_top;
  if
  :: IS2XX(s_code) || IS5XX(s_code) -> settle(mm, s_top - 1, s_code)
  :: else -> s_tried = msg[mm].f[s_top - 1].ctried; calloutMovesOn(mm, s_top - 1, s_code)
  fi
}

/* The delivery session's server answers RCPT: 2xx goes on to DATA, 4xx moves on, 5xx bounces. */
inline answerRcpt(mm) {
  s_code = msg[mm].f[0].reply;
  if
  :: IS2XX(s_code) -> msg[mm].val = V_AWAIT_DATA_REPLY
  :: IS4XX(s_code) -> clearFrame(mm, 0); msg[mm].nf = 0; temporaryFailure(mm, s_code)
  :: !IS2XX(s_code) && !IS4XX(s_code) -> msg[mm].val = V_BOUNCED; msg[mm].reply = s_code; clearFrame(mm, 0); msg[mm].nf = 0
  fi
}

/* DATA: the server checks hop limit and spam; on 250 it holds the message, one hop further (a new attempt of its own). */
inline sendData(mm) {
  s_host = msg[mm].holder;
  s_srv = msg[mm].f[0].host;
  s_val = msg[mm].f[0].val; s_reply = msg[mm].f[0].reply; s_reason = msg[mm].f[0].reason;
  data(s_srv, s_host, msg[mm].hops);
  clearFrame(mm, 0);
  msg[mm].nf = 0;
  if
  :: IS2XX(s_reply) ->
     if
     :: (msg[mm].visited & (1 << s_srv)) != 0 -> FORWARDING_LOOP
     :: else -> skip
     fi;
     msg[mm].holder = s_srv; msg[mm].val = s_val; msg[mm].reply = s_reply; msg[mm].reason = s_reason; msg[mm].tried = 0; msg[mm].sessions = 0;
     msg[mm].left = 0; msg[mm].hops = msg[mm].hops + 1; msg[mm].visited = msg[mm].visited | (1 << s_srv); msg[mm].trunc = 0
  :: IS4XX(s_reply) -> temporaryFailure(mm, s_reply)
  :: !IS2XX(s_reply) && !IS4XX(s_reply) ->
     msg[mm].val = V_BOUNCED; msg[mm].reply = s_reply;
     if
     :: s_reason == R_HOP_LIMIT -> FORWARDING_LOOP
     :: else -> skip
     fi
  fi
}

#define TOP(m) msg[m].f[msg[m].nf - 1]

/*
 * The next-hop candidates message mm may try next, kept in msg[mm].choices after each of its
 * steps: its innermost call-ahead's (every untried one of the best preference left), or, queued,
 * its holder's delivery attempt's. A function of the rest of its state, so it splits no states; it
 * keeps the loop's guards small.
 */
inline offerChoices(mm) {
  s_choices = 0;
  if
  :: msg[mm].nf > 0 && TOP(mm).val == V_VERIFYING ->
     s_j = 0;
     do
     :: s_j < NCAND(mm, TOP(mm).host) ->
        if
        :: CHOOSABLE(mm, TOP(mm).host, TOP(mm).ctried, s_j) -> s_choices = s_choices | (1 << s_j)
        :: else -> skip
        fi;
        s_j++
     :: s_j >= NCAND(mm, TOP(mm).host) -> break
     od
  :: msg[mm].nf == 0 && msg[mm].val == V_QUEUED -> holderChoices(mm)
  :: else -> skip
  fi;
  msg[mm].choices = s_choices
}

/*
 * Message m can take a step with choice k: one of its choices, or, where it has none to make (a
 * session answering, routing, a retry), k = 0.
 */
#define CAN_STEP(m, k) (!HALTED && ( \
  ((msg[m].choices >> k) & 1) || \
  (k == 0 && msg[m].nf > 0 && TOP(m).val != V_VERIFYING) || \
  (k == 0 && msg[m].nf == 0 && (msg[m].val == V_ACCEPTED || msg[m].val == V_DEFERRED))))

inline step(mm, kk) {
  if
  :: msg[mm].nf > 0 && TOP(mm).val == V_VERIFYING -> callAhead(mm, kk)
  :: msg[mm].nf > 1 && TOP(mm).val != V_VERIFYING -> answerCallAhead(mm)
  :: msg[mm].nf == 1 && TOP(mm).val != V_VERIFYING && msg[mm].val == V_AWAIT_RCPT_REPLY -> answerRcpt(mm)
  :: msg[mm].nf == 1 && TOP(mm).val != V_VERIFYING && msg[mm].val == V_AWAIT_DATA_REPLY -> sendData(mm)
  :: msg[mm].nf == 0 && msg[mm].val == V_ACCEPTED -> route(mm)
  :: msg[mm].nf == 0 && msg[mm].val == V_QUEUED -> deliver(mm, kk)
  /* a retry is a new attempt: the whole list again from the best candidate */
  :: msg[mm].nf == 0 && msg[mm].val == V_DEFERRED -> msg[mm].val = V_QUEUED; msg[mm].tried = 0; msg[mm].sessions = 0
  fi;
  offerChoices(mm)
}
`;
