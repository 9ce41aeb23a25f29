/**
 * eventual-delivery — every message to a valid recipient reaches a host that holds that mailbox (or,
 * for an external recipient, the server outside the model its domain's MX names),
 * on every run in which transient faults eventually clear. Liveness, judged under strong fairness
 * over the whole explored graph: it fails exactly when a bottom strongly connected component
 * without delivery is reachable — a retry cycle nothing can break (the founding call-ahead loop, a
 * blocked port 25) or a dead end (a bounce, a discarded message).
 */
import { BOUNCES, DISCARDS } from '../models/machines/tags.js';
import { ALL_VALID_DELIVERED } from '../models/system/labels.js';
import type { LivenessMailProperty } from './types.js';

export const eventualDelivery: LivenessMailProperty = {
  id: 'eventual-delivery',
  kind: 'liveness',
  summary: 'every message to a valid recipient is eventually delivered to its mailbox',
  notApplicable: (system) =>
    system.topology.messages.some((_, i) => system.isRecipientValid(i)) ? null : 'no message is addressed to a valid recipient',
  goal: (state, system) => state.messages.every((m, i) => !system.isRecipientValid(i) || system.isDelivered(m, i)),
  goalFlags: ALL_VALID_DELIVERED,
  explain(state, system, messages) {
    const stuck = state.messages.flatMap((m, i) => (system.isRecipientValid(i) && !system.isDelivered(m, i) && (messages?.includes(i) ?? true) ? [{ m, i }] : []));
    return stuck
      .map(({ m, i }) => {
        const to = `<${system.topology.messages[i]!.to}>`;
        const at = system.names[m.holder];
        const ended = (tag: string) => system.local.hasTag(m.holder, system.topology.messages[i]!.to, m.snap.value, tag);
        if (ended(BOUNCES)) return `mail for ${to} is bounced by ${at} and never reaches the mailbox`;
        if (ended(DISCARDS)) return `mail for ${to} is discarded by ${at} and never reaches the mailbox`;
        return `mail for ${to} is never delivered: it stays at ${at}, retried forever without reaching the mailbox`;
      })
      .join('; ');
  },
};
