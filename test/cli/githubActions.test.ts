/**
 * docs/github-actions.yml and action.yml stay a workflow that works: they parse, the workflow
 * uses this repository's action (no package from a registry), gives upload-sarif the permission
 * it needs, and every mxproof command line in the action is one this CLI accepts. The action's
 * steps themselves are run in a scratch repository by test/ci/action.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { cli } from './run.js';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
const workflow = parse(readFileSync(join(ROOT, 'docs', 'github-actions.yml'), 'utf8')) as {
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; runs: { using: string; steps: Step[] } };
const steps = action.runs.steps;

describe('docs/github-actions.yml and action.yml', () => {
  it("uses this repository's action at a pinned commit, not a registry package", () => {
    const uses = Object.values(workflow.jobs).flatMap((j) => j.steps).map((s) => s.uses ?? '');
    expect(uses).toContain('OWNER/mxproof@COMMIT');
    const text = readFileSync(join(ROOT, 'docs', 'github-actions.yml'), 'utf8') + readFileSync(join(ROOT, 'action.yml'), 'utf8');
    expect(text).not.toMatch(/npm (install|i|add)\b[^\n]*\bmxproof\b|npx mxproof/);
    expect(action.runs.using).toBe('composite');
  });

  it('uploads SARIF to code scanning with the permission that needs', () => {
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBeDefined();
    expect(workflow.permissions['security-events']).toBe('write');
  });

  it('runs only mxproof command lines this CLI accepts', async () => {
    const lines = steps.flatMap((s) => (s.run ?? '').split('\n')).filter((l) => l.includes('node "$MXPROOF" '));
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
