/**
 * The budget hint's count of fault combinations is exact at any number of transient hosts: it was
 * capped at 2^30, so 32 transient hosts read "up to 1073741824" (issue 13: no fixed width).
 */
import { describe, expect, it } from 'vitest';
import { budgetHints } from '../../src/api/budgetHints.js';
import { loadTopology } from '../../models/topology/load.js';
import type { CheckResult } from '../../properties/result.js';

function transientMx(n: number): string {
  const mx = [...Array.from({ length: n }, (_, i) => `"${10 + i} d${i}.test"`), `"${10 + n} mail.example.com"`];
  return [
    'version: 1',
    'dns:',
    `  example.com: { mx: [${mx.join(', ')}] }`,
    'hosts:',
    ...Array.from({ length: n }, (_, i) => `  d${i}.test: { role: backup-mx, accepts: [example.com] }`),
    '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }',
    'network:',
    `  faults: { ${Array.from({ length: n }, (_, i) => `d${i}.test: transient`).join(', ')} }`,
    'messages:',
    '  - { from: bob@sender.test, to: alice@example.com }',
  ].join('\n');
}

describe('budget hints', () => {
  for (const [n, combinations] of [[3, '8'], [32, '4294967296'], [40, '1099511627776']] as const) {
    it(`${n} transient hosts: up to ${combinations} fault combinations`, () => {
      const loaded = loadTopology(transientMx(n), 'transient.yaml');
      if (!loaded.ok) throw new Error('did not load');
      // Only whether a budget stopped the check and the loop verdict are read.
      const stopped = { stats: { stopReason: 'max-states' }, properties: [] } as unknown as CheckResult;
      const hint = budgetHints(loaded.topology, stopped).find((h) => h.includes('fault combinations'));
      expect(hint).toContain(`${n} transient hosts`);
      expect(hint).toContain(`up to ${combinations} fault combinations`);
    });
  }
});
