/**
 * no-silent-loss — no message accepted with 250 after DATA is ever discarded without being
 * delivered or bounced to its sender. Safety: a quarantine of an accepted message is the step that
 * loses it (a message still queued and retried is not lost; eventual-delivery speaks of that).
 */
import type { SafetyMailProperty } from './types.js';

export const noSilentLoss: SafetyMailProperty = {
  id: 'no-silent-loss',
  kind: 'safety',
  judges: ['discarded'],
  summary: 'no message accepted with 250 after DATA is discarded without delivery or bounce',
  violation(effect, system) {
    if (effect.kind !== 'discarded') return null;
    return `${effect.host} accepts the message for <${system.topology.messages[effect.message]!.to}> with 250 and discards it`;
  },
};
