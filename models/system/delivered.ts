/**
 * When a message counts as delivered (FORMAT.md 1.1): a host holding its mailbox took it, or it was
 * handed to a server outside the model. That second case only happens to an *external* recipient
 * (its domain's MX leaves the model), whose mailboxes mxproof cannot see: the hand-off is as far as
 * the model can follow it.
 */
import type { MessageState } from './types.js';

export function isDelivered(m: MessageState): boolean {
  return m.frames.length === 0 && (m.snap.value === 'delivered' || m.leftTo !== null);
}
