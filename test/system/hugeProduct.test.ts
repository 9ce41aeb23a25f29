/**
 * Independent messages are checked apart and their counts multiplied: 420 messages of 6 states
 * each make 6^420 ≈ 10^326 states, past what a double holds. The figures are exact all the same —
 * a bigint in the result, every digit in text, a decimal string in JSON beside its order of
 * magnitude — never Infinity, NaN or null.
 */
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../models/topology/load.js';
import { checkTopology } from '../../properties/check.js';
import { renderCheckJson } from '../../src/report/json.js';
import { renderCheckText } from '../../src/report/text.js';

const MESSAGES = 420;
const text = [
  'version: 1',
  'dns:',
  '  example.com: { mx: ["10 mail.example.com"] }',
  'hosts:',
  '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }',
  'messages:',
  ...Array.from({ length: MESSAGES }, () => '  - { from: bob@sender.test, to: alice@example.com }'),
].join('\n');

describe('a product of independent parts past a double', () => {
  const loaded = loadTopology(text, 'many.yaml');
  if (!loaded.ok) throw new Error('fixture does not load');
  const result = checkTopology(loaded.topology, { properties: ['eventual-delivery'] });

  // Each message alone: 6 states, 5 transitions (accepted → queued → connected → … → delivered).
  const alone = checkTopology({ ...loaded.topology, messages: loaded.topology.messages.slice(0, 1) }, { properties: ['eventual-delivery'] }).stats;

  it('counts states and transitions exactly, as bigints', () => {
    expect(result.properties[0]!.verdict).toBe('holds');
    expect([alone.states, alone.transitions]).toEqual([6, 5]);
    // Every message is at one of its 6 states; a transition moves one message, from any of the
    // 6^419 states of the others.
    expect(result.stats.states).toBe(6n ** BigInt(MESSAGES));
    expect(result.stats.transitions).toBe(BigInt(MESSAGES) * 5n * 6n ** BigInt(MESSAGES - 1));
    expect(result.stats.statesLog10).toBe(Math.floor(MESSAGES * Math.log10(6)));
    expect(result.stats.statesStored).toBe(MESSAGES * 6);
  });

  it('prints every digit in text, and a decimal string beside statesLog10 in JSON', () => {
    expect(renderCheckText(result)).toContain(`${6n ** BigInt(MESSAGES)} states (${MESSAGES * 6} stored)`);
    const json = JSON.parse(renderCheckJson(result)) as { stats: { states: unknown; transitions: unknown; statesLog10: number } };
    expect(json.stats.states).toBe((6n ** BigInt(MESSAGES)).toString());
    expect(json.stats.transitions).toBe((BigInt(MESSAGES) * 5n * 6n ** BigInt(MESSAGES - 1)).toString());
    expect(json.stats.statesLog10).toBe(result.stats.statesLog10);
  });
});
