/**
 * What a host machine's states and actions say to the composed system (models/system/messageStep.ts),
 * which dispatches on these rather than on state names or reasons: a role machine that reuses the
 * shared states, or tags its own alike, gets the same effects.
 */

/** State tag: the host holds the recipient's mailbox and the message is delivered there. */
export const DELIVERS = 'delivers';
/** State tag: the host gives the message up and bounces it to its sender. */
export const BOUNCES = 'bounces';
/** State tag: the host accepted the message (250 after DATA) and discards it: nobody is told. */
export const DISCARDS = 'discards';
/** Action: this DATA answer refuses the message for its hop count (Received headers). */
export const REFUSE_FOR_HOP_COUNT = 'refuseForHopCount';

/**
 * The states the composed system drives a host machine through by name (messageStep.ts,
 * mailSystem.ts, delivered.ts): a role's machine must have them all, as the shared states do.
 */
export const DRIVEN_STATES = [
  'idle',
  'verifying',
  'awaitingData',
  'accepted',
  'queued',
  'awaitingRcptReply',
  'awaitingDataReply',
  'deferred',
  'delivered',
  'handedOff',
] as const;
