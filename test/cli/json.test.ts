/** The JSON report: one object per file, the shape the issue fixes, every step present. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../helpers.js';
import { cli } from './run.js';

describe('mxproof check --format json', () => {
  it('prints one object per file with properties, counterexamples and stats', async () => {
    const r = await cli('check', join(EXAMPLES, 'postini-mailhop.yaml'), join(EXAMPLES, 'mailhop-only.yaml'), '--format', 'json');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [loop, alone] = lines.map((l) => JSON.parse(l));
    expect(loop.file).toContain('postini-mailhop.yaml');
    expect(Object.keys(loop.stats)).toEqual(expect.arrayContaining(['states', 'transitions', 'durationMs', 'setupMs']));
    // The whole check is timed, reading the file included, and the time before the search is a part of it.
    expect(loop.stats.setupMs).toBeGreaterThan(0);
    expect(loop.stats.setupMs).toBeLessThanOrEqual(loop.stats.durationMs);
    const bounded = loop.properties.find((p: { id: string }) => p.id === 'call-ahead-bounded');
    expect(bounded.verdict).toBe('violated');
    expect(bounded.counterexample.steps.length).toBeGreaterThanOrEqual(4);
    expect(bounded.counterexample.loopsFrom).toBeNull();
    const delivery = loop.properties.find((p: { id: string }) => p.id === 'eventual-delivery');
    expect(delivery.counterexample.loopsFrom).toBeGreaterThan(1);
    expect(alone.properties.every((p: { verdict: string }) => p.verdict !== 'violated')).toBe(true);
  });

  it('checks only the properties asked for with --property', async () => {
    const r = await cli('check', join(EXAMPLES, 'postini-mailhop.yaml'), '--format', 'json', '--property', 'no-open-relay', '--property', 'dns-well-formed');
    expect(JSON.parse(r.stdout).properties.map((p: { id: string }) => p.id)).toEqual(['no-open-relay', 'dns-well-formed']);
  });
});
