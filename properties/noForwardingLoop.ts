/**
 * no-forwarding-loop — no accepted message is relayed to a host it already passed through, and none
 * is bounced for its hop count (554 5.4.6). Safety, over the explored transitions: a hand-off is
 * checked against the hosts the message has passed, and a DATA refused for the hop limit is flagged.
 */
import type { SafetyMailProperty } from './types.js';

export const noForwardingLoop: SafetyMailProperty = {
  id: 'no-forwarding-loop',
  kind: 'safety',
  judges: ['relayed-to-visited', 'hop-limit-bounce'],
  summary: 'no accepted message comes back to a host it passed, or is bounced for its hop count',
  violation(effect, system) {
    const rcpt = () => system.topology.messages[effect.message]!.to;
    if (effect.kind === 'relayed-to-visited') return `the message for <${rcpt()}> is relayed back to ${effect.host}, which it already passed through`;
    if (effect.kind === 'hop-limit-bounce') return `the message for <${rcpt()}> is bounced by ${effect.host} for its hop count (554 5.4.6)`;
    return null;
  },
};
