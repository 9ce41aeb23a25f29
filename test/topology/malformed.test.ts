import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTopologyFile } from '../../models/topology/load.js';

/**
 * Every file in test/fixtures/malformed has exactly one defect, and its first line says what
 * the loader must report: `# expect-error: line=<N> field=<LoadError.field> contains=<word>`.
 */
const DIR = fileURLToPath(new URL('../fixtures/malformed/', import.meta.url));
const HEADER = /^# expect-error: line=(\d+) field=(\S+) contains=(.+)$/;

const fixtures = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

describe('malformed topologies', () => {
  it('has enough fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(24);
  });

  it.each(fixtures)('%s is rejected where its header says', (name) => {
    const path = join(DIR, name);
    const header = HEADER.exec(readFileSync(path, 'utf8').split('\n')[0] ?? '');
    expect(header, `${name}: first line must be an expect-error header`).not.toBeNull();
    const [, line, field, word] = header!;
    const result = loadTopologyFile(path);
    expect(result.ok, `${name} must not load`).toBe(false);
    if (result.ok) return;
    const first = result.errors[0]!;
    expect({ line: first.line, field: first.field }).toEqual({ line: Number(line), field });
    expect(first.message).toContain(word!.trim());
    expect(first.file).toBe(path);
    expect(first.col).toBeGreaterThanOrEqual(1);
  });
});
