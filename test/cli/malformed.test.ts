/**
 * Every malformed fixture, run through the CLI: exit code 2, a message naming file, line and field
 * as the fixture's header demands, and never a stack trace.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { cli } from './run.js';

const DIR = join(ROOT, 'test', 'fixtures', 'malformed');
const fixtures = readdirSync(DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

function header(file: string): { line: number; field: string } {
  const first = readFileSync(join(DIR, file), 'utf8').split('\n')[0]!;
  const m = /expect-error: line=(\d+) field=(\S+)/.exec(first);
  if (m === null) throw new Error(`${file} lacks an expect-error header`);
  return { line: Number(m[1]), field: m[2]! };
}

describe('malformed topology files', () => {
  it('are at least twenty', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures)('%s: exit 2, names the line and the field, no stack trace', async (name) => {
    const { line, field } = header(name);
    const path = join(DIR, name);
    const r = await cli('check', path);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const first = r.stderr.split('\n')[0]!;
    expect(first.startsWith(`${path}:${line}:`)).toBe(true);
    expect(first).toContain(`: ${field}: `);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it('also answer in JSON when asked, with the errors as data', async () => {
    const name = fixtures[0]!;
    const r = await cli('check', join(DIR, name), '--format', 'json');
    expect(r.code).toBe(2);
    const parsed = JSON.parse(r.stdout) as { file: string; errors: { line: number; field: string }[] };
    expect(parsed.errors[0]).toMatchObject(header(name));
  });
});

describe('what a message says about the value', () => {
  it('names a quoted number as a string, so `version: "1"` and `listen: ["25"]` explain themselves', async () => {
    const version = await cli('check', join(DIR, 'version-as-string.yaml'));
    expect(version.stderr).toContain('the string "1" (write the number without quotes)');
    const port = await cli('check', join(DIR, 'port-as-string.yaml'));
    expect(port.stderr).toContain('got the string "25" (write the number without quotes)');
  });

  it('gives the limit of a bound that only blows the search up', async () => {
    expect((await cli('check', join(DIR, 'hop-limit-too-large.yaml'))).stderr).toContain('hopLimit is at most 1000');
    expect((await cli('check', join(DIR, 'call-ahead-depth-too-large.yaml'))).stderr).toContain('callAheadDepth is at most 1000');
  });
});
