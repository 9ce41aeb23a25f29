/**
 * Independent messages are checked apart and their counts multiplied: 420 messages of 6 states
 * each make 6^420 ≈ 10^326 states, past what a double holds. The figures say so — `Infinity` with
 * a power-of-ten lower bound, `null` in JSON, "more than 10^326 states" in text — never NaN.
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

  it('counts states and transitions as Infinity with a lower bound, never NaN', () => {
    expect(result.properties[0]!.verdict).toBe('holds');
    expect(result.stats.states).toBe(Infinity);
    expect(result.stats.transitions).toBe(Infinity);
    expect(result.stats.statesLog10).toBe(Math.floor(MESSAGES * Math.log10(6)));
    expect(result.stats.statesStored).toBe(MESSAGES * 6);
  });

  it('reads as "more than 10^N states" in text and as null with statesLog10 in JSON', () => {
    expect(renderCheckText(result)).toContain(`more than 10^${result.stats.statesLog10} states (${MESSAGES * 6} stored)`);
    const json = JSON.parse(renderCheckJson(result)) as { stats: { states: unknown; statesLog10: number } };
    expect(json.stats.states).toBeNull();
    expect(json.stats.statesLog10).toBe(result.stats.statesLog10);
  });
});
