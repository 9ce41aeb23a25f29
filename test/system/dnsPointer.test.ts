/** Regression: a DNS finding points at the record as written, even when MX records are out of order. */
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../models/topology/load.js';
import { checkTopology } from '../../properties/check.js';

const FILE = `version: 1
dns:
  example.com:
    mx:
      - "20 203.0.113.9"
      - "10 mail.example.com"
hosts:
  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }
`;

describe('dns-well-formed on MX records listed out of preference order', () => {
  it('points at the IP-literal record itself, on its own line', () => {
    const loaded = loadTopology(FILE, 'dns.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const p = checkTopology(loaded.topology).properties.find((q) => q.id === 'dns-well-formed')!;
    expect(p.verdict).toBe('violated');
    expect(p.pointer).toBe('/dns/example.com/mx/0');
    expect(loaded.topology.positions[p.pointer!]?.line).toBe(5);
  });
});
