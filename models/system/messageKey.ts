/** A message's part of the fingerprint: every field of its local state, and nothing else. */
import { snapKey } from './hostSnap.js';
import type { MessageState } from './types.js';

export function messageKey(m: MessageState): string {
  let key = `|${m.holder}.${snapKey(m.snap)}.${m.hops}.${m.visited.join(',')}.${m.leftTo ?? ''}${m.truncated ? '.T' : ''}`;
  for (const f of m.frames) {
    key += `/${f.host}.${snapKey(f.snap)}`;
    if (f.callAhead !== null) key += `.${f.callAhead.value}.${f.callAhead.tried}.${f.callAhead.result}`;
  }
  // Only when something is remembered: the keys of built-in roles' states stay as they were.
  if (m.memory !== undefined) for (const r of m.memory) key += `~${r.host}:${r.value}`;
  return key;
}
