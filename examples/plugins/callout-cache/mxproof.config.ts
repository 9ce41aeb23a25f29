/**
 * Exim's callout cache as roles of the provider's own: the founding loop's filter and relay, each
 * remembering the answers of its call-aheads per recipient and answering from them afterwards
 * instead of calling ahead again. As Exim, only completed answers are kept — 2xx and 5xx — never a
 * 4xx, a `451 Can't connect` or a timeout (DOMAIN.md, "Call-ahead engine"). The machines are the
 * filter's and MailHop Relay's (the shared states, composed with `roleMachine`) with two answers to
 * RCPT in front of the call-ahead, read from the host's memory, and `remember` on the call-ahead's
 * definite results. A memory is one integer per host and message: here the code remembered, 0 for
 * none. It never expires within a run (see README.md for what that leaves out).
 */
import { defineConfig, roleMachine, type HostEnv, type RoleGuard, type RoleMachineSpec } from 'mxproof';

/** The host remembers a completed call-ahead answer in [lo, hi) for this message's recipient. */
const remembered =
  (lo: number, hi: number): RoleGuard =>
  ({ event }) =>
    event.type === 'RCPT' && event.memory !== undefined && event.memory >= lo && event.memory < hi;

/** A verifier with a callout cache, routing as `routing` says (the built-in role's notes, for the traces). */
function caching(id: string, routing: RoleMachineSpec['routing']) {
  return (env: HostEnv) =>
    roleMachine(env, {
      id,
      guards: { hasCachedAccept: remembered(200, 300), hasCachedRefusal: remembered(500, 600) },
      recipientChecks: [
        { when: ['verifiesByCallAhead', 'hasCachedAccept'], reply: 250, reason: 'cached-call-ahead-accepted' },
        { when: ['verifiesByCallAhead', 'hasCachedRefusal'], reply: 550, reason: 'cached-call-ahead-refused' },
      ],
      remembers: ['accepted', 'refused'],
      routing,
    });
}

/** Nothing remembered yet: no SMTP code is 0. */
const memory = { initial: 0 };

export default defineConfig({
  roles: [
    {
      id: 'caching-filter',
      summary: 'Postini-style filter whose call-ahead answers are cached per recipient (completed answers only)',
      note: 'Postini-style filter with a callout cache: a 2xx or 5xx call-ahead answer is remembered and given again without calling ahead.',
      preset: {
        accepts: 'required',
        verify: 'call-ahead',
        route: { required: 'to', form: '`route: { to: [H[:P], ...] }`', why: 'a filter always delivers to its configured destination, never by MX' },
      },
      memory,
      machine: caching('caching-filter', [{ hop: 'route', note: 'to-destination' }]),
    },
    {
      id: 'caching-relay',
      summary: 'MailHop Relay whose call-ahead answers are cached per recipient (completed answers only)',
      note: 'MailHop-style relay with a callout cache: a 2xx or 5xx call-ahead answer is remembered and given again without calling ahead.',
      preset: {
        accepts: 'required',
        verify: { withRecipients: 'list', otherwise: 'call-ahead' },
        route: { required: 'bestMxElse', form: '`route: { bestMxElse: H[:P] }`', why: "MailHop Relay's rule: deliver to H:P when it is the best MX, else forward to the best MX" },
      },
      memory,
      machine: caching('caching-relay', [
        { when: 'isBestMx', hop: 'route', note: 'to-destination' },
        { hop: 'route', note: 'to-best-mx' },
      ]),
    },
  ],
});
