/**
 * `mxproof export --promela FILE [--out PATH]`: writes the program (to stdout or a file) with
 * exit 0, names the hosts and the asserted properties in its header, and refuses bad input with
 * exit 2. Whether SPIN agrees with it is differential.test.ts's business.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPromela } from '../../src/promela/export.js';
import { cli } from '../cli/run.js';
import { EXAMPLES, load } from '../helpers.js';

const FOUNDING = join(EXAMPLES, 'postini-mailhop.yaml');

describe('mxproof export --promela', () => {
  it('prints a Promela program with one process, the two assertions and the hosts by index', async () => {
    const { code, stdout, stderr } = await cli('export', '--promela', FOUNDING);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('0: mx.postini.test, 1: mx1.mailhop.test, 2: mail.example.com, 3: sender (implicit sender)');
    expect(stdout).toContain('assert(!call_ahead_unbounded)');
    expect(stdout).toContain('assert(!forwarding_loop)');
    expect(stdout.match(/proctype/g)).toHaveLength(1);
    expect(stdout).toBe(exportPromela(load(FOUNDING)));
  });

  it('writes the program to --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mxproof-export-')), 'founding.pml');
    const { code, stdout } = await cli('export', '--promela', FOUNDING, '--out', out);
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    expect(readFileSync(out, 'utf8')).toBe(exportPromela(load(FOUNDING)));
  });

  it('exits 2 for a file that does not load, a missing --promela, or an unwritable --out', async () => {
    expect((await cli('export', '--promela', join(EXAMPLES, 'missing.yaml'))).code).toBe(2);
    expect((await cli('export')).code).toBe(2);
    const unwritable = await cli('export', '--promela', FOUNDING, '--out', '/nonexistent-dir/x.pml');
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('cannot write /nonexistent-dir/x.pml');
  });

  it('is the same program for the same file, byte for byte', () => {
    expect(exportPromela(load(FOUNDING))).toBe(exportPromela(load(FOUNDING)));
  });
});
