/**
 * Symmetry detection gives up early (models/system/symmetry.ts, issue 13): hosts no message
 * reaches are no candidates, and verifying swaps stops at a budget of local-state visits, keeping
 * only swaps it verified. Verdicts never depend on it: a check folds only by verified swaps.
 */
import { describe, expect, it } from 'vitest';
import { MailSystem } from '../../models/system/mailSystem.js';
import { loadTopology } from '../../models/topology/load.js';
import { checkTopology } from '../../properties/check.js';
import { chainTopology } from '../../src/bench/family.js';

const SAFETY = ['call-ahead-bounded', 'no-forwarding-loop'];

/** A mailbox server, flaky, and `n` backup MX configured alike at distinct preferences: many candidate swaps to verify. */
function ladder(n: number) {
  const backups = Array.from({ length: n }, (_, i) => `mx${i + 1}.example.com`);
  const text = [
    'version: 1',
    'dns:',
    `  example.com: { mx: ["10 mail.example.com", ${backups.map((b, i) => `"${20 + 10 * i} ${b}"`).join(', ')}] }`,
    'hosts:',
    '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }',
    ...backups.map((b) => `  ${b}: { role: backup-mx, accepts: [example.com] }`),
    'network:',
    '  faults: { mail.example.com: transient }',
    'messages:',
    '  - { from: bob@sender.test, to: alice@example.com }',
  ].join('\n');
  const loaded = loadTopology(text, 'ladder.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return loaded.topology;
}

describe('symmetry detection', () => {
  it('does not consider hosts no message reaches: the chain of 50 verifies nothing', () => {
    const packed = new MailSystem(chainTopology(50)).packed()!;
    expect(packed.symmetry).toBeNull();
    expect(packed.symmetryWork.visited).toBe(0);
  });

  it('stops verifying swaps at its budget, and the verdicts are those of an unfolded check', () => {
    const t = ladder(30);
    // In full, detection verifies swaps of the backups no run gets past the first of (they fold nothing).
    const full = new MailSystem(t).packed()!;
    expect(full.symmetry).not.toBeNull();
    expect(full.symmetryWork.visited).toBeLessThan(full.symmetryWork.budget);
    // With a budget of 50 visits it stops after the verification that passes it, and keeps what it verified.
    const cut = new MailSystem(t).packed()!;
    cut.symmetryWork.budget = 50;
    void cut.symmetry;
    expect(cut.symmetryWork.visited).toBeGreaterThan(50);
    expect(cut.symmetryWork.visited).toBeLessThanOrEqual(50 + cut.localStates());
    expect(cut.symmetryWork.visited).toBeLessThan(full.symmetryWork.visited);
    const folded = checkTopology(t, { properties: SAFETY });
    const plain = checkTopology(t, { properties: SAFETY, symmetry: false });
    expect(folded.properties).toEqual(plain.properties);
    expect(folded.stats.states).toEqual(plain.stats.states);
  });
});
