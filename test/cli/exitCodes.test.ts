/** The exit codes CI depends on: 0 holds or as expected, 1 violated or unmet, 2 bad input, 3 inconclusive. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, ROOT } from '../helpers.js';
import { cli } from './run.js';

const example = (name: string) => join(EXAMPLES, name);
const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'cli', name);

describe('mxproof check exit codes', () => {
  it('is 0 when every property holds', async () => {
    expect((await cli('check', example('mailhop-only.yaml'))).code).toBe(0);
  });

  it('is 0 when violations are exactly what the expect block says', async () => {
    const r = await cli('check', example('postini-mailhop.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('call-ahead-bounded  violated (as expected)');
  });

  it('is 1 for a violation the file does not expect', async () => {
    const r = await cli('check', fixture('open-relay-no-expect.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ no-open-relay\s+violated/);
  });

  it('is 1 when a verdict differs from the expect block', async () => {
    const r = await cli('check', fixture('unmet-expect.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('holds (expected violated)');
  });

  it('is 3 when a state budget stops the search before any verdict', async () => {
    const r = await cli('check', example('mailhop-only.yaml'), '--max-states', '3');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/eventual-delivery\s+inconclusive/);
    expect(r.stdout).not.toMatch(/eventual-delivery\s+holds/);
  });

  it('keeps a violation found before the budget ran out: 1 beats 3', async () => {
    const r = await cli('check', fixture('open-relay-no-expect.yaml'), '--max-states', '2');
    expect(r.code).toBe(1);
  });

  it('is 2 for bad usage: an unknown property, a bad number, no file, an unknown command', async () => {
    for (const argv of [
      ['check', example('mailhop-only.yaml'), '--property', 'eventual-delivry'],
      ['check', example('mailhop-only.yaml'), '--max-states', 'many'],
      ['check', example('mailhop-only.yaml'), '--timeout', '-1'],
      ['check', example('mailhop-only.yaml'), '--format', 'xml'],
      ['check'],
      ['chekc', example('mailhop-only.yaml')],
    ]) {
      const r = await cli(...argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });

  it('is 2 for a missing file, and the worst code wins across several files', async () => {
    const missing = await cli('check', join(ROOT, 'no-such-file.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-file.yaml:1:1:');
    const mixed = await cli('check', example('mailhop-only.yaml'), fixture('open-relay-no-expect.yaml'));
    expect(mixed.code).toBe(1);
  });
});

describe('mxproof replay', () => {
  it('re-runs a printed path and names the step that violates', async () => {
    const r = await cli('replay', example('postini-mailhop.yaml'), '0:0*5');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('↺ repeats step 3');
    expect(r.stdout).toContain('step 5 violates call-ahead-bounded');
  });

  it('is 2 for a path that does not fit the file, naming the step', async () => {
    const r = await cli('replay', example('postini-mailhop.yaml'), '0:0*5.7');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not fit .* at step 6/);
    expect((await cli('replay', example('postini-mailhop.yaml'), 'nonsense')).code).toBe(2);
  });

  it('is 2 for a path past the replay limit, refused before it is expanded or run', async () => {
    const r = await cli('replay', example('postini-mailhop.yaml'), '0:0*10000000');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('more than 100000 steps, the most replay prints');
    expect(r.stdout).toBe('');
  });
});
