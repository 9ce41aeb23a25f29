/**
 * Where real MTAs differ as SMTP clients (FORMAT.md 1.1, "Senders and messages"; DOMAIN.md).
 * Measured on Exim 4.96 and Postfix 3.7.11 staged with scripted MX servers; the settings named are
 * the ones that produce the behaviour, at their shipped defaults. `generic` is RFC 5321 §5.1 with no
 * limit of its own. Every behaviour that depends on `software` reads this table, nothing else.
 */
import type { Software } from './types.js';

export interface ClientBehaviour {
  /** Most candidates (addresses) one delivery attempt tries; Infinity = all. */
  candidatesPerAttempt: number;
  /**
   * After this many candidates, an attempt skips the rest of the current preference and tries only
   * the first candidate of each worse preference (Exim's hosts_max_try, spec §30.5: staged, 6 MX
   * hosts down and a 7th accepting is delivered); Infinity = no such rule.
   */
  onePerPreferenceAfter: number;
  /** Most candidates that answered the greeting one attempt talks to; Infinity = no limit. */
  sessionsPerAttempt: number;
  /** A 5xx greeting from the last candidate an attempt tries bounces (else: defer, like a down host). */
  bouncesOn5xxGreetingAtLast: boolean;
  /** A null MX (`0 .`) mixed with other MX records is ignored (else: the domain bounces, RFC 7505). */
  ignoresMixedNullMx: boolean;
  /** Received headers a message may carry before this host bounces it (5.4.6). */
  hopLimit: number;
  /** The MTA setting each limit comes from, for reports and docs. */
  settings: { candidates: string; sessions: string; hopLimit: string };
}

export const SOFTWARE: Record<Software, ClientBehaviour> = {
  generic: {
    candidatesPerAttempt: Infinity,
    onePerPreferenceAfter: Infinity,
    sessionsPerAttempt: Infinity,
    bouncesOn5xxGreetingAtLast: false,
    ignoresMixedNullMx: false,
    hopLimit: 50,
    settings: { candidates: 'RFC 5321 §5.1: every candidate', sessions: 'no limit', hopLimit: 'RFC 5321 §6.3 asks for at least 100; 50 as Postfix' },
  },
  postfix: {
    candidatesPerAttempt: 5,
    onePerPreferenceAfter: Infinity,
    sessionsPerAttempt: 2,
    bouncesOn5xxGreetingAtLast: false,
    ignoresMixedNullMx: false,
    hopLimit: 50,
    settings: { candidates: 'smtp_mx_address_limit = 5', sessions: 'smtp_mx_session_limit = 2', hopLimit: 'hopcount_limit = 50' },
  },
  exim: {
    candidatesPerAttempt: 50,
    onePerPreferenceAfter: 5,
    sessionsPerAttempt: Infinity,
    bouncesOn5xxGreetingAtLast: true,
    ignoresMixedNullMx: true,
    hopLimit: 30,
    settings: {
      candidates: 'hosts_max_try = 5 (then one host of each worse preference), hosts_max_try_hardlimit = 50',
      sessions: 'no limit',
      hopLimit: 'received_headers_max = 30',
    },
  },
};

export const SOFTWARE_NAMES = ['generic', 'postfix', 'exim'] as const satisfies readonly Software[];
export const ALLOW_FROM_REPLIES = [421, 550] as const;
