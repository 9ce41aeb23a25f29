/** `mxproof stage`: what it says before staging anything (works on any machine). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run.js';
import { ROOT } from '../helpers.js';

describe('mxproof stage', () => {
  it('refuses a topology it cannot stage faithfully, with the reason, exit 2', async () => {
    const r = await cli('stage', '-q', join(ROOT, 'test', 'fixtures', 'rules', 'null-mx-alone.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot stage this topology: example\.com has a null MX/);
  });

  it('reports a file that does not load like `check` does, exit 2', async () => {
    const r = await cli('stage', '-q', join(ROOT, 'test', 'fidelity', 'no-such-file.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
  });

  it('is listed in the help', async () => {
    const r = await cli('--help');
    expect(r.stdout).toMatch(/stage \[options\] <files\.\.\.>/);
  });
});
