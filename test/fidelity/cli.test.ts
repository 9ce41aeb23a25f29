/** `mxproof stage`: what it says before staging anything (works on any machine). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run.js';
import { ROOT } from '../helpers.js';

describe('mxproof stage', () => {
  it('refuses a topology it cannot stage faithfully, with the reason, exit 2', async () => {
    const r = await cli('stage', '-q', join(ROOT, 'test', 'fixtures', 'rules', 'mx-to-ip-literal.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot stage this topology: example\.com has an MX pointing at the IP literal/);
  });

  it('reports a file that does not load like `check` does, exit 2', async () => {
    const r = await cli('stage', '-q', join(ROOT, 'test', 'fidelity', 'no-such-file.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
  });

  it('is listed in the help, with --mta exim|postfix', async () => {
    const r = await cli('--help');
    expect(r.stdout).toMatch(/stage \[options\] <files\.\.\.>/);
    const help = await cli('stage', '--help');
    expect(help.stdout).toMatch(/--mta <mta>.*\(choices: "exim", "postfix"\)/s);
  });

  it('refuses an MTA it does not know, exit 2', async () => {
    const r = await cli('stage', '-q', '--mta', 'sendmail', join(ROOT, 'examples', 'postini-only.yaml'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--mta.*sendmail.*not one of the allowed choices|Allowed choices are exim, postfix/i);
  });
});
