/**
 * Assembles a role's machine: the shared receiving and forwarding states plus the role's own
 * routing rule. Roles differ in how they route accepted mail; how they answer RCPT follows the
 * host's `verify` setting, which any role may override (FORMAT.md).
 */
import { initialHostContext, type HostEnv } from './env.js';
import { hostSetup, type HostSetup } from './hostSetup.js';
import { receivingStates } from './receiving.js';
import { forwardingStates } from './forwarding.js';

type RoutingConfig = Parameters<HostSetup['createStateConfig']>[0]['always'];

export function hostMachine(id: string, env: HostEnv, routing: RoutingConfig) {
  const s = hostSetup(env);
  return s.createMachine({
    id,
    initial: 'idle',
    context: ({ input }) => initialHostContext(input.rcpt),
    states: {
      ...receivingStates(s),
      ...forwardingStates(s),
      routing: { always: routing },
    },
  });
}

export type HostMachine = ReturnType<typeof hostMachine>;

export const routeNote = (reason: string) => ({ type: 'answer' as const, params: { reply: 0, reason } });
