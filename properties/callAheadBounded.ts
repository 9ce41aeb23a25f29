/**
 * call-ahead-bounded — no chain of nested call-aheads repeats a call-ahead it already made (same
 * caller, same target, same recipient: from there it would repeat forever), and none is deeper than
 * `limits.callAheadDepth`. Safety, over the explored transitions: the composed system records the
 * moment a verifier opens a call-ahead that is already on the chain, or one too deep.
 */
import type { SafetyMailProperty } from './types.js';

export const callAheadBounded: SafetyMailProperty = {
  id: 'call-ahead-bounded',
  kind: 'safety',
  judges: ['call-ahead-repeat', 'call-ahead-too-deep'],
  summary: 'no chain of nested call-aheads repeats itself or grows past limits.callAheadDepth',
  violation(effect, system) {
    if (effect.kind === 'call-ahead-repeat') {
      const rcpt = system.topology.messages[effect.message]!.to;
      return `${effect.caller}'s call-ahead to ${effect.target} for <${rcpt}> repeats: the chain never ends`;
    }
    if (effect.kind === 'call-ahead-too-deep') {
      return `call-ahead chain ${effect.depth} deep (${effect.caller} → ${effect.target}) exceeds limits.callAheadDepth ${system.topology.limits.callAheadDepth}`;
    }
    return null;
  },
};
