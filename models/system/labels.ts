/**
 * The bit each kind of effect sets in a transition's label in the packed encoding (packed.ts):
 * safety properties select the transitions they judge by these bits, so the engine asks them
 * only about the few transitions that can matter.
 */
import type { Effect } from './types.js';

export const EFFECT_LABEL: Readonly<Record<Effect['kind'], number>> = {
  'call-ahead-repeat': 1 << 0,
  'call-ahead-too-deep': 1 << 1,
  'relayed-to-visited': 1 << 2,
  'hop-limit-bounce': 1 << 3,
  discarded: 1 << 4,
  'accepted-invalid': 1 << 5,
  bounced: 1 << 6,
  delivered: 1 << 7,
  accepted: 1 << 8,
};

export function labelOf(effects: readonly Effect[]): number {
  let label = 0;
  for (const e of effects) label |= EFFECT_LABEL[e.kind];
  return label;
}

/** The label bits of these effect kinds. */
export function labelsOf(kinds: readonly Effect['kind'][]): number {
  return kinds.reduce((bits, kind) => bits | EFFECT_LABEL[kind], 0);
}

/** `flags` bit of the packed encoding: every message to a valid recipient is delivered. */
export const ALL_VALID_DELIVERED = 1 << 0;

/** `flags` bit: a call-ahead chain was cut at the depth limit, and nothing moves any more. */
export const HALTED = 1 << 30;
