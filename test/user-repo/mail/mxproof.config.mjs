// A mail team's own config, as their repository would keep it next to their topologies: a rule
// of theirs (a property) and the way their outbound gateway works (a role).
import { candidatesTo, defineConfig, roleMachine } from 'mxproof';
import { z } from 'zod';

// The gateway's option: the smarthost it hands all outbound mail to.
const gatewayOptions = z.strictObject({ smarthost: z.string().min(1) });

export default defineConfig({
  properties: [
    {
      id: 'filtered-before-delivery',
      kind: 'safety',
      summary: 'every delivered message was accepted by a host tagged filter first',
      judges: ['delivered'],
      perMessage: true,
      violation(effect, system, after) {
        if (effect.kind !== 'delivered') return null;
        const passed = after.messages[effect.message].visited.map((h) => system.topology.hosts[h]);
        if (passed.some((h) => h?.tags.includes('filter'))) return null;
        return `${effect.host} delivers the message for <${system.topology.messages[effect.message].to}> that no filter accepted`;
      },
    },
  ],
  roles: [
    {
      id: 'outbound-gateway',
      summary: 'our outbound gateway: hands mail for domains it does not hold to the smarthost its options name',
      preset: { accepts: ['*'], verify: 'none', route: { kind: 'mx' } },
      options: gatewayOptions,
      hops: (env) => ({ 'to-smarthost': candidatesTo([{ host: gatewayOptions.parse(env.host.options).smarthost, port: 25 }], 'our smarthost') }),
      machine: (env) =>
        roleMachine(env, {
          id: 'outbound-gateway',
          guards: { isOurDomain: ({ context }) => env.host.mailboxes.some((m) => m.endsWith(`@${context.rcpt.split('@')[1]}`)) },
          // Our own domains by MX; everything else through the smarthost.
          routing: [{ when: '!isOurDomain', hop: 'to-smarthost' }],
        }),
    },
  ],
});
