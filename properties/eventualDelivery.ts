/**
 * eventual-delivery — every message to a valid recipient reaches a host that holds that mailbox,
 * on every run in which transient faults eventually clear. Liveness, judged under strong fairness
 * over the whole explored graph: it fails exactly when a bottom strongly connected component
 * without delivery is reachable — a retry cycle nothing can break (the founding call-ahead loop, a
 * blocked port 25) or a dead end (a bounce, a discarded message).
 */
import type { LivenessMailProperty } from './types.js';

export const eventualDelivery: LivenessMailProperty = {
  id: 'eventual-delivery',
  kind: 'liveness',
  summary: 'every message to a valid recipient is eventually delivered to its mailbox',
  notApplicable: (system) =>
    system.topology.messages.some((_, i) => system.isRecipientValid(i)) ? null : 'no message is addressed to a valid recipient',
  goal: (state, system) => state.messages.every((m, i) => !system.isRecipientValid(i) || m.snap.value === 'delivered'),
  explain(state, system, loops) {
    const stuck = state.messages.flatMap((m, i) =>
      system.isRecipientValid(i) && m.snap.value !== 'delivered' ? [system.topology.messages[i]!.to] : [],
    );
    const who = stuck.map((a) => `<${a}>`).join(', ');
    return loops
      ? `mail for ${who} is never delivered: the run repeats forever without reaching the mailbox`
      : `mail for ${who} is never delivered: the run ends without reaching the mailbox`;
  },
};
