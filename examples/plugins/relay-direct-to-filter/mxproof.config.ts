/**
 * A relay provider's new rule, as a role of its own: MailHop Relay's best-MX rule, except that
 * when the recipient domain's best MX is a filtering service (a host tagged `filter`, or the tag
 * the host's `options.filterTag` names) the relay delivers straight to its destination instead of
 * handing the message back to the filter. The machine is MailHop's (the shared states) with one
 * more routing choice in front: the hop `to-destination`, declared beside the relay's own `route`.
 */
import { z } from 'zod';
import { bestMxHosts, candidatesTo, defineConfig, roleMachine, type HostEnv } from 'mxproof';

const options = z.strictObject({ filterTag: z.string().min(1).default('filter') });

/** The destination of the relay's `bestMxElse` route: where MailHop delivers when it is the best MX. */
function destination(env: HostEnv) {
  const route = env.host.route;
  return route.kind === 'bestMxElse' ? [route.dest] : [];
}

export default defineConfig({
  roles: [
    {
      id: 'direct-relay',
      summary: 'MailHop Relay that delivers straight to its destination when the best MX is a filter',
      note: 'MailHop-style relay: when the best MX is tagged as a filter, delivers to its destination; else the best-MX rule.',
      // As MailHop Relay: it must be told the domains and its destination.
      preset: {
        accepts: 'required',
        verify: { withRecipients: 'list', otherwise: 'call-ahead' },
        route: { required: 'bestMxElse', form: '`route: { bestMxElse: H[:P] }`', why: 'its destination, and MailHop\'s rule when the best MX is no filter' },
      },
      options,
      hops: (env) => ({
        'to-destination': candidatesTo(destination(env), `the best MX is a filter: deliver straight to ${destination(env).map((d) => `${d.host}:${d.port}`).join(', ')}`),
      }),
      machine: (env) => {
        const { filterTag } = options.parse(env.host.options ?? {});
        return roleMachine(env, {
          id: 'direct-relay',
          guards: {
            bestMxIsFilter: ({ context }) => bestMxHosts(env, context.rcpt).some((h) => h.tags.includes(filterTag)),
          },
          routing: [{ when: 'bestMxIsFilter', hop: 'to-destination', note: 'to-destination' }],
        });
      },
    },
  ],
});
