/**
 * A host snapshot's fields are declared once (HostContext); what stores, restores and keys them must
 * cover every one: two snapshots that differ in any single field are two states, and a snapshot
 * survives the trip through a machine's context unchanged.
 */
import { describe, expect, it } from 'vitest';
import { contextOf, freshSnap, snapKey, snapOf } from '../../models/system/hostSnap.js';
import { including, NONE } from '../../models/routing/triedSet.js';
import type { HostSnap } from '../../models/system/types.js';

describe('a host snapshot', () => {
  const base: HostSnap = { ...freshSnap('queued'), reply: 451, reason: 'no-connection', tried: including(NONE, 2), sessions: 1 };
  const other: Record<keyof HostSnap, unknown> = { value: 'deferred', reply: 250, reason: 'accepted', tried: including(NONE, 40), sessions: 2 };

  it('is keyed by every field', () => {
    const fields = Object.keys(base) as (keyof HostSnap)[];
    expect(fields.sort()).toEqual(Object.keys(other).sort());
    for (const f of fields) expect(snapKey({ ...base, [f]: other[f] } as HostSnap), f).not.toBe(snapKey(base));
    expect(fields.length).toBe(5);
  });

  it('goes through a machine context and back unchanged', () => {
    const context = contextOf(base, 'alice@example.com');
    expect(context.rcpt).toBe('alice@example.com');
    expect(snapOf(base.value, context)).toEqual(base);
  });
});
