/**
 * What a host machine's states and actions say to the composed system (models/system/messageStep.ts,
 * mailSystem.ts), which dispatches on these rather than on state names or reasons: a role machine
 * that reuses the shared states, or tags its own alike, is driven and judged the same way.
 *
 * Two kinds of tag. A *protocol* tag says what the system does next with a host in that state
 * (route, connect, retry, wait for a reply, call ahead); a state carries at most one. An *effect*
 * tag says what the state means for the message (delivered, bounced, discarded), which the
 * properties judge. A server session starts in the machine's initial state.
 */
import type { AnyStateMachine } from 'xstate';

/** Protocol: the host holds an accepted message it has not routed yet; the system sends ROUTE. A message starts here at its first host. */
export const AWAITS_ROUTE = 'awaits-route';
/** Protocol: the host is in a delivery attempt; the system picks one of its candidates and connects (CONNECTED, CONNECT_FAILED, REFUSED). */
export const CONNECTS = 'connects';
/** Protocol: the attempt is over and the message waits in the queue; the system sends RETRY. */
export const RETRIES = 'retries';
/** Protocol: the host sent RCPT and waits for the server's answer (REPLY). */
export const AWAITS_RCPT_REPLY = 'awaits-rcpt-reply';
/** Protocol: the host sent DATA and waits for the server's answer (REPLY). */
export const AWAITS_DATA_REPLY = 'awaits-data-reply';
/** Protocol (server side): the host verifies the recipient by a call-ahead to its next hop and answers RCPT with its result (CALL_AHEAD_RESULT). */
export const CALLS_AHEAD = 'calls-ahead';
/** The server took the message after DATA: responsibility has passed on, the client is done with it. */
export const HANDS_OFF = 'hands-off';

/** Effect: the host holds the recipient's mailbox and the message is delivered there. */
export const DELIVERS = 'delivers';
/** Effect: the host gives the message up and bounces it to its sender. */
export const BOUNCES = 'bounces';
/** Effect: the host accepted the message (250 after DATA) and discards it: nobody is told. */
export const DISCARDS = 'discards';
/** Action: this DATA answer refuses the message for its hop count (Received headers). */
export const REFUSE_FOR_HOP_COUNT = 'refuseForHopCount';

/** The tags that tell the system what to do next: a state carries at most one. */
export const PROTOCOL_TAGS = [AWAITS_ROUTE, CONNECTS, RETRIES, AWAITS_RCPT_REPLY, AWAITS_DATA_REPLY, CALLS_AHEAD] as const;

/**
 * The tags a role's machine must carry on some state for a message to go through it as through
 * any host: be routed, connect, wait for both replies, retry, hand off, deliver and bounce. (Calling
 * ahead and discarding are a role's choice.)
 */
export const REQUIRED_TAGS = [AWAITS_ROUTE, CONNECTS, AWAITS_RCPT_REPLY, AWAITS_DATA_REPLY, RETRIES, HANDS_OFF, DELIVERS, BOUNCES] as const;

/** The machine's top-level states carrying `tag`, in the order the machine declares them. */
export function statesTagged(machine: AnyStateMachine, tag: string): string[] {
  return Object.entries(machine.root.states).flatMap(([name, node]) => (node.tags.includes(tag) ? [name] : []));
}

/** The state a machine starts a server session in: its initial state. */
export function initialStateOf(machine: AnyStateMachine): string | undefined {
  return machine.root.initial?.target[0]?.key;
}

/** The state a message waits to be routed in (the one tagged `awaits-route`). */
export function awaitingRoute(machine: AnyStateMachine): string {
  const [state] = statesTagged(machine, AWAITS_ROUTE);
  if (state === undefined) throw new Error(`machine ${machine.id} tags no state \`${AWAITS_ROUTE}\``);
  return state;
}
