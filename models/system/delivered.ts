/**
 * When a message counts as delivered (FORMAT.md 1.1): a host holding its mailbox took it (its
 * machine's state is tagged \`delivers\`, machines/tags.ts), or it was handed to a server outside the
 * model. That second case only happens to an *external* recipient (its domain's MX leaves the
 * model), whose mailboxes mxproof cannot see: the hand-off is as far as the model can follow it.
 */
import type { MessageState } from './types.js';

/** \`delivers(host, value)\`: whether host's machine tags its state \`value\` \`delivers\` (MailSystem.isDelivered asks its machines). */
export function isDelivered(m: MessageState, delivers: (host: number, value: string) => boolean): boolean {
  return m.frames.length === 0 && (m.leftTo !== null || delivers(m.holder, m.snap.value));
}
