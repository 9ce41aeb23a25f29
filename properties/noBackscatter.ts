/**
 * no-backscatter — every message to an invalid recipient is refused during the SMTP dialogue at the
 * first hop, never accepted and bounced later. Safety: the step where any host accepts such a
 * message with 250 after DATA is the violation; from there it can only be bounced, to a sender that
 * spammers forge, or lost.
 */
import type { SafetyMailProperty } from './types.js';

export const noBackscatter: SafetyMailProperty = {
  id: 'no-backscatter',
  kind: 'safety',
  judges: ['accepted-invalid'],
  summary: 'mail to an invalid recipient is refused in the SMTP dialogue, never accepted then bounced',
  notApplicable: (system) =>
    system.topology.messages.some((_, i) => !system.isRecipientValid(i)) ? null : 'no message is addressed to an invalid recipient',
  violation(effect, system) {
    if (effect.kind !== 'accepted-invalid') return null;
    const m = system.topology.messages[effect.message]!;
    return `${effect.host} accepts mail for <${m.to}>, which no host holds: it can only bounce later, to <${m.from}>`;
  },
};
