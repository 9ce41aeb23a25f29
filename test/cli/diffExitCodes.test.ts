/** `mxproof diff` exit codes: 0 nothing broke, 1 something broke, 2 bad input or usage, 3 undecided. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, ROOT } from '../helpers.js';
import { cli } from './run.js';

const LOOP = join(EXAMPLES, 'postini-mailhop.yaml');
const CHANGED = join(ROOT, 'test', 'fixtures', 'diff', 'postini-mailhop-relay-recipients.yaml');

describe('mxproof diff exit codes', () => {
  it('is 0 when nothing that held is now violated — even when something was fixed', async () => {
    const r = await cli('diff', LOOP, CHANGED, '--property', 'call-ahead-bounded');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ call-ahead-bounded\s+violated → holds\s+fixed/);
  });

  it('is 1 when a property that held is now violated, and prints its new counterexample', async () => {
    const r = await cli('diff', LOOP, CHANGED);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ no-forwarding-loop\s+holds → violated\s+broken/);
    expect(r.stdout).toContain('new counterexample (path ');
  });

  it('is 2 when either file does not load, naming each problem', async () => {
    const r = await cli('diff', join(ROOT, 'test', 'fixtures', 'malformed', 'unknown-role.yaml'), CHANGED);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown-role\.yaml:5:11: hosts\["mx1\.mailhop\.test"\]\.role: unknown role `relais`/);
  });

  it('is 3 when a budget leaves it undecided whether something broke', async () => {
    const r = await cli('diff', join(EXAMPLES, 'mailhop-only.yaml'), join(EXAMPLES, 'mailhop-only.yaml'), '--max-states', '3');
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/\? eventual-delivery\s+inconclusive → inconclusive\s+undecided: stopped by the state limit/);
  });

  it('gives 1 over 3: a break found beside an undecided property still fails', async () => {
    const r = await cli('diff', LOOP, CHANGED, '--max-states', '20');
    expect(r.stdout).toContain('1 broken, 0 fixed, 3 undecided');
    expect(r.code).toBe(1);
  });
});
