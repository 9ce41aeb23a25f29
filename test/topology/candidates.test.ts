/**
 * A client tracks the candidates it tried in one attempt as a 31-bit set, so a list of next hops
 * may hold at most 31 (issue 13: with 32 down MX records ahead of the mailbox the set wrapped and
 * eventual-delivery came out violated, a wrong verdict). The longest list allowed still checks
 * right; one more is refused at load with the limit in the message, never checked wrongly.
 */
import { describe, expect, it } from 'vitest';
import { formatLoadError, loadTopology } from '../../models/topology/load.js';
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

describe('long next-hop lists', () => {
  it('30 down MX hosts and the mailbox (31 candidates): the sender reaches the mailbox, eventual-delivery holds', () => {
    const loaded = loadTopology(downThenMailbox(30), 'thirty.yaml');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const result = checkTopology(loaded.topology, { properties: ['eventual-delivery'] });
    expect(result.properties[0]!.verdict).toBe('holds');
  });

  it('31 down MX hosts and the mailbox (32 candidates): refused at load, naming the field and the limit', () => {
    const loaded = loadTopology(downThenMailbox(31), 'thirty-one.yaml');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const line = formatLoadError(loaded.errors[0]!);
    expect(line).toMatch(/^thirty-one\.yaml:3:\d+: dns\["example\.com"\]\.mx: at most 31 MX records in one list/);
    expect(line).toContain('got 32');
  });

  it('refuses a fixed route with more than 31 next hops the same way', () => {
    const to = Array.from({ length: 32 }, (_, i) => `h${i}.test`);
    const text = ['version: 1', 'hosts:', ...to.map((h) => `  ${h}: {}`), `  f.test: { role: filter, accepts: [example.com], route: { to: [${to.join(', ')}] } }`].join('\n');
    const loaded = loadTopology(text, 'to.yaml');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(formatLoadError(loaded.errors[0]!)).toContain('at most 31 next hops in one list');
  });
});
