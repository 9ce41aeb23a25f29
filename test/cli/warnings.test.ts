/**
 * Settings the model never reads for that host (a backup MX's recipient list without `verify:
 * list`, deferOk without a call-ahead, selfCheck without delivery by MX, allowFromReply without
 * allowFrom) are reported as warnings:
 * on stderr in the `file:line:col: field:` shape, in the JSON result and as SARIF warnings. They
 * change no verdict and no exit code; `--quiet` leaves them out; the bundled files have none.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/api/check.js';
import { ROOT } from '../helpers.js';
import { sarifValidator } from '../report/sarifSchema.js';
import { cli } from './run.js';

const FILE = 'test/fixtures/cli/ignored-settings.yaml';
const path = join(ROOT, FILE);

describe('warnings about settings the model ignores', () => {
  it('go to stderr, one per setting, at its line and column; the exit code is the verdicts’', async () => {
    const r = await cli('check', path);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${path}:12:14: hosts["mail.example.com"].deferOk: warning: ignored: deferOk only applies to verify: call-ahead, and this host has verify: local (the mailbox preset)`,
      `${path}:16:17: hosts["backup.example.net"].recipients: warning: ignored: only verify: list reads the recipient list, and this host has verify: none (the backup-mx preset); add verify: list to answer RCPT from it`,
      `${path}:21:16: hosts["relay.example.net"].selfCheck: warning: ignored: selfCheck only applies to delivery by MX (route: mx), and this host routes to fixed hosts`,
      `${path}:22:21: hosts["relay.example.net"].allowFromReply: warning: ignored: allowFromReply is how allowFrom refuses a client it does not list, and this host has no allowFrom: anyone may connect`,
    ]);
    expect(r.stdout).not.toMatch(/warning/);
  });

  it('are left out with --quiet', async () => {
    expect((await cli('check', path, '--quiet')).stderr).toBe('');
  });

  it('are in the JSON result and the API outcome', async () => {
    const json = JSON.parse((await cli('check', path, '--format', 'json')).stdout) as { warnings: { line: number; field: string }[] };
    expect(json.warnings.map((w) => [w.line, w.field])).toEqual([
      [12, 'hosts["mail.example.com"].deferOk'],
      [16, 'hosts["backup.example.net"].recipients'],
      [21, 'hosts["relay.example.net"].selfCheck'],
      [22, 'hosts["relay.example.net"].allowFromReply'],
    ]);
    const outcome = checkFile(path);
    expect(outcome.ok && outcome.result.warnings?.length).toBe(4);
  });

  it('are SARIF warnings of mxproof/ignored-setting at the setting, in a valid log', async () => {
    const log = JSON.parse((await cli('check', path, '--format', 'sarif')).stdout) as {
      runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const warnings = log.runs[0]!.results.filter((r) => r.ruleId === 'mxproof/ignored-setting');
    expect(warnings.map((w) => [w.level, w.locations[0]!.physicalLocation.region.startLine])).toEqual([
      ['warning', 12],
      ['warning', 16],
      ['warning', 21],
      ['warning', 22],
    ]);
  });

  it('are not given for a relay whose preset reads the list, nor for any bundled example', () => {
    const files = [
      ...readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'examples', f)),
      ...readdirSync(join(ROOT, 'test', 'fixtures', 'rules')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'test', 'fixtures', 'rules', f)),
    ];
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) {
      const outcome = checkFile(f, { maxStates: 100_000 });
      expect(outcome.ok && outcome.result.warnings, f).toBeUndefined();
    }
  });
});
