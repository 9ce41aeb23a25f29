/**
 * A host machine's snapshot as the composed system stores it (types.ts HostSnap) and as XState
 * steps it (the machine's context): the only place that lists the fields, so a field added to
 * HostContext fails to compile here until it is stored, restored and keyed.
 */
import { initialHostContext, type HostContext } from '../machines/env.js';
import type { HostSnap } from './types.js';

/** The snapshot of a machine in state `value` with context `c`. */
export function snapOf(value: string, c: HostContext): HostSnap {
  return { value, reply: c.reply, reason: c.reason, tried: c.tried, sessions: c.sessions };
}

/** The machine's context for `snap`, for recipient `rcpt` (the hop is chosen anew when routing). */
export function contextOf(snap: HostSnap, rcpt: string): HostContext {
  return { rcpt, reply: snap.reply, reason: snap.reason, tried: snap.tried, sessions: snap.sessions, hop: '' };
}

/** A fresh snapshot in state `value`: every field as a machine starts. */
export function freshSnap(value: string): HostSnap {
  return snapOf(value, initialHostContext(''));
}

/** Every field of `snap`, as one key (memo keys, the fingerprint). */
export function snapKey(snap: HostSnap): string {
  return `${snap.value}.${snap.reply}.${snap.reason}.${snap.tried}.${snap.sessions}`;
}
