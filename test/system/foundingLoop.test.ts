/**
 * The founding case, found by the tool: its counterexample reads like the MailHop article, in the
 * article's order, and the eventual-delivery lasso shows the sender retrying forever.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTopology } from '../../properties/check.js';
import { EXAMPLES, load } from '../helpers.js';

const topology = () => load(join(EXAMPLES, 'postini-mailhop.yaml'));
const FILTER = 'mx.postini.test';
const RELAY = 'mx1.mailhop.test';

describe('the founding loop (MailHop and Postini)', () => {
  it('violates call-ahead-bounded with the article’s sequence of call-aheads', () => {
    const result = checkTopology(topology(), { properties: ['call-ahead-bounded'] });
    const [p] = result.properties;
    expect(p!.verdict).toBe('violated');
    const exchanges = p!.counterexample!.steps.filter((s) => s.kind === 'command').map((s) => `${s.from} → ${s.to}: ${s.text}`);
    expect(exchanges).toEqual([
      `sender → ${FILTER}: RCPT TO:<alice@example.com>`,
      `${FILTER} → ${RELAY}: RCPT TO:<alice@example.com> (call-ahead)`,
      `${RELAY} → ${FILTER}: RCPT TO:<alice@example.com> (call-ahead)`,
      `${FILTER} → ${RELAY}: RCPT TO:<alice@example.com> (call-ahead)`,
    ]);
    const steps = p!.counterexample!.steps;
    const relayCall = steps.find((s) => s.from === FILTER && s.to === RELAY)!;
    // The relay looks up the MX and finds the filter as best MX: that is why it calls ahead to it.
    expect(relayCall.details.join(' ')).toMatch(/best MX of example\.com is mx\.postini\.test/);
    const last = steps.at(-1)!;
    expect(last.repeats).toBe(relayCall.n);
    expect(last.depth).toBe(3);
    expect(p!.reason).toContain(`${FILTER}'s call-ahead to ${RELAY} for <alice@example.com> repeats`);
  });

  it('violates eventual-delivery with a lasso: the sender gets 451 and retries forever', () => {
    const [p] = checkTopology(topology(), { properties: ['eventual-delivery'] }).properties;
    const cx = p!.counterexample!;
    expect(cx.loopsFrom).not.toBeNull();
    const cycle = cx.steps.filter((s) => s.n >= cx.loopsFrom!);
    expect(cycle[0]!.text).toBe('retries the queued message');
    expect(cycle.at(-1)).toMatchObject({ kind: 'reply', from: FILTER, to: 'sender' });
    expect(cycle.at(-1)!.text).toMatch(/^451 /);
    expect(cycle.some((s) => s.kind === 'command' && s.text.includes('(call-ahead)'))).toBe(true);
    expect(cx.steps.some((s) => s.text.startsWith('DATA'))).toBe(false);
  });

  it('gives byte-identical results on every run', () => {
    const strip = (r: ReturnType<typeof checkTopology>) => JSON.stringify({ ...r, stats: { ...r.stats, durationMs: 0, setupMs: 0 } });
    expect(strip(checkTopology(topology()))).toBe(strip(checkTopology(topology())));
  });
});
