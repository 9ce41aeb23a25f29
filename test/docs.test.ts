/** The format documentation shipped in the repository is the design contract, word for word. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const DESIGN = join(ROOT, '..', 'shared', 'design', 'FORMAT.md');

describe('docs/FORMAT.md', () => {
  it.runIf(existsSync(DESIGN))('equals the contract in shared/design', () => {
    expect(readFileSync(join(ROOT, 'docs', 'FORMAT.md'), 'utf8')).toBe(readFileSync(DESIGN, 'utf8'));
  });
});
