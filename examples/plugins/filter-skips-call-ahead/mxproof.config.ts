/**
 * A filtering service's new rule, as a role of its own: a filter that does not call ahead when its
 * next hop is another filter (a host tagged `filter`, or the tag the host's `options.skipWhenTagged`
 * names), trusting that filter to verify. The machine is the filter's (the shared states) with one
 * more answer to RCPT in front of the call-ahead: 250 at once.
 */
import { z } from 'zod';
import { defineConfig, hopHosts, nextHopOf, roleMachine } from 'mxproof';

const options = z.strictObject({ skipWhenTagged: z.string().min(1).default('filter') });

export default defineConfig({
  roles: [
    {
      id: 'chained-filter',
      summary: 'a filtering service that skips its call-ahead when its next hop is another filter',
      note: 'Postini-style filter that answers 250 without a call-ahead when its next hop is tagged as a filter.',
      // As a filter: it must be told the domains and its destination.
      preset: {
        accepts: 'required',
        verify: 'call-ahead',
        route: { required: 'to', form: '`route: { to: [H[:P], ...] }`', why: 'a filter always delivers to its configured destination, never by MX' },
      },
      options,
      machine: (env) => {
        const { skipWhenTagged } = options.parse(env.host.options ?? {});
        return roleMachine(env, {
          id: 'chained-filter',
          guards: {
            // Every candidate of its next hop is a host of the model tagged so.
            nextHopIsFilter: ({ context }) => {
              const next = nextHopOf(env, context.rcpt);
              const hosts = hopHosts(env.topology, next);
              return next.kind === 'candidates' && hosts.length === next.candidates.length && hosts.every((h) => h.tags.includes(skipWhenTagged));
            },
          },
          recipientChecks: [{ when: ['verifiesByCallAhead', 'nextHopIsFilter'], reply: 250, reason: 'next-hop-is-a-filter-no-call-ahead' }],
        });
      },
    },
  ],
});
