/**
 * docs/github-actions.yml stays a workflow that works: it parses, it gives upload-sarif the
 * permission it needs, and every mxproof command line in it is one this CLI accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { cli } from './run.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
const workflow = parse(readFileSync(join(ROOT, 'docs', 'github-actions.yml'), 'utf8')) as {
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

describe('docs/github-actions.yml', () => {
  it('uploads SARIF to code scanning with the permission that needs', () => {
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBeDefined();
    expect(workflow.permissions['security-events']).toBe('write');
  });

  it('runs only mxproof command lines this CLI accepts', async () => {
    const lines = steps.flatMap((s) => (s.run ?? '').split('\n')).filter((l) => l.includes('npx mxproof '));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      const words = line.trim().replace(/\s*(\|\||>).*$/, '').split(/\s+/).slice(2);
      const [command, ...rest] = words;
      const flags = rest.filter((w) => w.startsWith('-'));
      const help = await cli(command!, '--help');
      expect({ line, code: help.code }).toEqual({ line, code: 0 });
      for (const flag of flags) expect(help.stdout, `${flag} in: ${line}`).toContain(flag);
    }
    expect(lines.some((l) => l.includes('--format sarif'))).toBe(true);
  });
});
