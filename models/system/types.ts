/**
 * The global state of the composed mail system. It is a plain value: per transient host whether it
 * is down, and per message who holds it (a host machine's state), the stack of SMTP sessions in
 * flight (the delivery session at the bottom, nested call-aheads above), its hop count and the
 * hosts it passed. `effects` and `step` describe the transition that produced the state; they are
 * not part of its identity (the fingerprint leaves them out).
 */
import type { HostContext } from '../machines/env.js';
import type { TriedSet } from '../routing/triedSet.js';

/**
 * A host machine's state for one message: its state value and its context, declared once (the
 * machine's HostContext, machines/env.ts) less what the system need not store — the recipient,
 * which the message fixes, and the chosen hop, which routing decides the same way every time.
 * hostSnap.ts converts between the two and keys a snapshot.
 */
export type HostSnap = { value: string } & Omit<HostContext, 'rcpt' | 'hop'>;

export interface CallAheadSnap {
  value: string;
  tried: TriedSet;
  result: number;
}

/** A server in an SMTP session; `callAhead` is its own verification session while it verifies. */
export interface Frame {
  host: number;
  snap: HostSnap;
  callAhead: CallAheadSnap | null;
}

export interface MessageState {
  /** Host index holding responsibility; the implicit sender has index `hosts.length`. */
  holder: number;
  snap: HostSnap;
  /** Set when the message was handed to a host outside the model. */
  leftTo: string | null;
  frames: Frame[];
  hops: number;
  /** Host indices the message was accepted by, ascending. */
  visited: number[];
  /** A call-ahead chain went deeper than `limits.callAheadDepth`: the run is not explored further. */
  truncated: boolean;
  /**
   * What hosts remember about this message beyond a session (a call-ahead cache: memory.ts), by
   * host, ascending; a host not listed holds its role's initial value. Absent when nobody has
   * remembered anything, which is always so for hosts of the built-in roles.
   */
  memory?: readonly Remembered[];
}

/** One host's memory for a message: a small integer its role's machine set with `remember`. */
export interface Remembered {
  host: number;
  value: number;
}

export interface SystemState {
  /** Per host index: currently down (transient faults flip it; `down` faults keep it). */
  down: boolean[];
  messages: MessageState[];
  effects: Effect[];
  step: StepInfo | null;
}

export type SystemAction =
  | { kind: 'fault'; host: number }
  /** Advance message `message`; `choice` picks among equal-preference candidates (else 0). */
  | { kind: 'message'; message: number; choice: number };

/** What a step did that properties care about. */
export type Effect =
  | { kind: 'call-ahead-repeat'; message: number; caller: string; target: string }
  | { kind: 'call-ahead-too-deep'; message: number; caller: string; target: string; depth: number }
  | { kind: 'relayed-to-visited'; message: number; host: string }
  | { kind: 'hop-limit-bounce'; message: number; host: string }
  | { kind: 'discarded'; message: number; host: string }
  | { kind: 'accepted-invalid'; message: number; host: string }
  | { kind: 'bounced'; message: number; by: string; code: number; reason: string }
  | { kind: 'delivered'; message: number; host: string }
  /** `host` took responsibility for the message: 250 after DATA (path properties judge it). */
  | { kind: 'accepted'; message: number; host: string };

/** One step as a person reads it: who did what to whom, and the reasoning behind it. */
export interface StepInfo {
  /** A command sent (RCPT, DATA), a reply coming back, a host acting on its own, or a fault. */
  kind: 'command' | 'reply' | 'local' | 'fault';
  message: number | null;
  actor: string;
  peer: string | null;
  /** Nesting of the SMTP session it happens in: 0 = delivery, 1 = first call-ahead, … */
  depth: number;
  text: string;
  details: string[];
}
