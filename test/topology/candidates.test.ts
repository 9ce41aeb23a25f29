/**
 * A next-hop list of any length checks right. The candidates a client tried in one attempt were a
 * 32-bit mask that wrapped at 32 (issue 13: with 32 down MX records ahead of the mailbox,
 * eventual-delivery came out violated), and the loader then refused lists longer than 31. The set
 * has no width now (models/routing/triedSet.ts): a list of 31, 32, 33 (the issue's 32 down MX
 * records ahead of the mailbox) or 40 candidates, all down but the last, the mailbox, loads and is
 * checked.
 *
 * "Right" here: the sender tries every down candidate in preference order and reaches the mailbox
 * in the same attempt, so eventual-delivery holds; the run explored the whole space (complete);
 * and the verdict and state count equal those of the unreduced run (no messages apart, no hosts
 * folded), which the reductions must never change.
 */
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../models/topology/load.js';
import { checkTopology } from '../../properties/check.js';

/** `down` MX records that are down for good, then the mailbox host, each at its own preference. */
function downThenMailbox(down: number): string {
  const mx = [...Array.from({ length: down }, (_, i) => `"${10 + i} d${i}.test"`), `"${10 + down} mail.example.com"`];
  return [
    'version: 1',
    'dns:',
    `  example.com: { mx: [${mx.join(', ')}] }`,
    'hosts:',
    ...Array.from({ length: down }, (_, i) => `  d${i}.test: { role: backup-mx, accepts: [example.com] }`),
    '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }',
    'network:',
    `  faults: { ${Array.from({ length: down }, (_, i) => `d${i}.test: down`).join(', ')} }`,
    'messages:',
    '  - { from: bob@sender.test, to: alice@example.com }',
  ].join('\n');
}

/** A filter whose fixed route lists `n` next hops, all down but the last, the mailbox. */
function routeOf(n: number): string {
  const to = [...Array.from({ length: n - 1 }, (_, i) => `h${i}.test`), 'mail.example.com'];
  return [
    'version: 1',
    'dns:',
    '  example.com: { mx: ["10 f.test"] }',
    'hosts:',
    ...to.slice(0, -1).map((h) => `  ${h}: { accepts: [example.com] }`),
    '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }',
    `  f.test: { role: filter, accepts: [example.com], route: { to: [${to.join(', ')}] } }`,
    'network:',
    `  faults: { ${to.slice(0, -1).map((h) => `${h}: down`).join(', ')} }`,
    'messages:',
    '  - { from: bob@sender.test, to: alice@example.com }',
  ].join('\n');
}

function eventualDelivery(text: string, name: string, reductions: boolean) {
  const loaded = loadTopology(text, name);
  if (!loaded.ok) throw new Error(`${name} did not load: ${JSON.stringify(loaded.errors[0])}`);
  const options = reductions ? {} : { independentParts: false, symmetry: false };
  const result = checkTopology(loaded.topology, { properties: ['eventual-delivery'], ...options });
  return { verdict: result.properties[0]!.verdict, complete: result.stats.complete, states: Number(result.stats.states) };
}

describe('next-hop lists of any length', () => {
  for (const candidates of [31, 32, 33, 40]) {
    it(`${candidates - 1} down MX hosts and the mailbox (${candidates} candidates): eventual-delivery holds, as without reductions`, () => {
      const text = downThenMailbox(candidates - 1);
      const reduced = eventualDelivery(text, `mx-${candidates}.yaml`, true);
      expect(reduced.verdict).toBe('holds');
      expect(reduced.complete).toBe(true);
      expect(eventualDelivery(text, `mx-${candidates}.yaml`, false)).toEqual(reduced);
    });
  }

  it('a fixed route of 40 next hops, 39 down: eventual-delivery holds, as without reductions', () => {
    const reduced = eventualDelivery(routeOf(40), 'to-40.yaml', true);
    expect(reduced.verdict).toBe('holds');
    expect(reduced.complete).toBe(true);
    expect(eventualDelivery(routeOf(40), 'to-40.yaml', false)).toEqual(reduced);
  });

  it('the last of 40 candidates down too: the sender can never deliver, eventual-delivery is violated', () => {
    // Every candidate down: the width of the set decides whether "all tried" is ever reached.
    const text = downThenMailbox(39).replace('faults: { ', 'faults: { mail.example.com: down, ');
    expect(eventualDelivery(text, 'all-down.yaml', true).verdict).toBe('violated');
  });
});
