/**
 * action.yml, run as GitHub would run it, offline: this repository's tracked files are copied to
 * a folder that plays $GITHUB_ACTION_PATH (GitHub checks the action out at the pinned commit), a
 * scratch git repository holds a user's topologies (one whose violations its expect block names,
 * one with a violation nobody expects, a YAML file that is no topology), and every `run` step of
 * the action is executed with bash as the runner does (`bash --noprofile --norc -eo pipefail`),
 * its `${{ }}` expressions filled in from inputs, earlier steps' outputs and a pull_request
 * event. The `uses` steps (setup-node, upload-sarif) are GitHub's own and are not run here.
 *
 * Needs git and bash (test/tools.ts). The install step is the real `npm ci` of the action: with
 * npm_config_prefer_offline it installs from npm's cache, so it needs no network where the
 * project's own `npm ci` has run.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers.js';
import { sarifValidator } from '../report/sarifSchema.js';
import { needsTools } from '../tools.js';

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const ready = needsTools('the GitHub Action in a scratch repository', 'git', 'bash');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const work = mkdtempSync(join(tmpdir(), 'mxproof-action-'));
const home = join(work, 'action');
const repo = join(work, 'repo');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const git = (...args: string[]) => {
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

/** The files this repository tracks, as they are in the work tree: what a checkout of the commit holds. */
function copyTrackedFiles(to: string): void {
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    try {
      copyFileSync(join(ROOT, file), join(to, file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // deleted, not yet committed
    }
  }
}

interface Run {
  inputs?: Record<string, string>;
  event?: { name: string; baseSha?: string };
}
interface StepRun {
  step: Step;
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/**
 * Fills in `${{ … }}`: inputs, github.*, steps.<id>.outputs.*. An expression it does not know
 * fails the test, so the action cannot grow one that this test silently leaves empty.
 */
function evaluate(text: string, context: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (!/^[a-z_][\w.-]*$/i.test(expr)) throw new Error(`action.yml: cannot evaluate \${{ ${expr} }} here`);
    let value: unknown = context;
    for (const key of expr.split('.')) {
      if (value === null || typeof value !== 'object' || !(key in value)) throw new Error(`action.yml: unknown \${{ ${expr} }}`);
      value = (value as Record<string, unknown>)[key];
    }
    return value === undefined || value === null ? '' : String(value);
  });
}

/** Runs the action's steps from the first to `until` (a step's name), as the runner would. */
function runAction(run: Run, only?: (step: Step) => boolean): StepRun[] {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
  Object.assign(inputs, run.inputs);
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const temp = mkdtempSync(join(work, 'runner-'));
  const github = {
    action_path: home,
    workspace: repo,
    event_name: run.event?.name ?? 'push',
    event: { pull_request: { base: { sha: run.event?.baseSha ?? '' } } },
  };
  const results: StepRun[] = [];
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.uses !== undefined || (only !== undefined && !only(step))) continue;
    const context = { inputs, github, steps };
    const output = join(temp, `output-${i}`);
    writeFileSync(output, '');
    const script = join(temp, `step-${i}.sh`);
    writeFileSync(script, step.run!);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_OUTPUT: output,
      GITHUB_ACTION_PATH: home,
      GITHUB_WORKSPACE: repo,
      RUNNER_TEMP: temp,
      npm_config_prefer_offline: 'true',
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v, context)])),
    };
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: repo, env, encoding: 'utf8', timeout: 240_000 });
    const outputs = Object.fromEntries(
      readFileSync(output, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (step.id !== undefined) steps[step.id] = { outputs };
    results.push({ step, code: r.status, stdout: r.stdout, stderr: r.stderr, outputs });
    if (r.status !== 0) break; // the runner stops at a failing step
  }
  return results;
}

const byName = (runs: StepRun[], name: string) => {
  const found = runs.find((r) => r.step.name === name);
  if (found === undefined) throw new Error(`no step "${name}" ran: ${runs.map((r) => `${r.step.name} (${r.code}): ${r.stderr}`).join('\n')}`);
  return found;
};

describe.skipIf(!ready)('action.yml in a scratch repository', () => {
  let base = '';
  let install: StepRun;

  beforeAll(() => {
    copyTrackedFiles(home);
    mkdirSync(join(repo, 'mail'), { recursive: true });
    git('init', '--quiet', '--initial-branch=main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    copyFileSync(join(ROOT, 'examples', 'postini-mailhop.yaml'), join(repo, 'mail', 'postini-mailhop.yaml'));
    copyFileSync(join(ROOT, 'test', 'fixtures', 'bin', 'founding-loop-no-expect.yaml'), join(repo, 'mail', 'loop.yaml'));
    writeFileSync(join(repo, 'settings.yml'), 'version: 1\nname: not a topology\n');
    git('add', '-A');
    git('commit', '--quiet', '-m', 'base');
    base = git('rev-parse', 'HEAD');
    // The pull request: the relay gets a recipient list (fixes call-ahead-bounded, breaks no-forwarding-loop).
    copyFileSync(join(ROOT, 'test', 'fixtures', 'diff', 'postini-mailhop-relay-recipients.yaml'), join(repo, 'mail', 'postini-mailhop.yaml'));
    git('commit', '--quiet', '-am', 'relay recipients');
    install = runAction({}, (s) => s.name === 'Install mxproof from the action\'s own checkout')[0]!;
  }, 300_000);

  it('is a composite action whose run steps GitHub runs unconditionally, with bash', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps.filter((s) => s.run !== undefined)) {
      expect({ step: step.name, shell: step.shell, if: step.if }).toEqual({ step: step.name, shell: 'bash', if: undefined });
      // Inputs reach the shell through env, never pasted into the script.
      expect(step.run, step.name).not.toContain('${{');
    }
    expect(action.runs.steps.filter((s) => s.uses !== undefined).map((s) => s.uses!.split('@')[0])).toEqual(['actions/setup-node', 'github/codeql-action/upload-sarif']);
  });

  it('installs mxproof from its own checkout with the lockfile, and builds the CLI', () => {
    expect({ code: install.code, stderr: install.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(install.stdout.trim().split('\n').at(-1)).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('checks the topologies, keeps the exit code, writes SARIF, and fails the job on the unexpected violation', () => {
    const runs = runAction({ event: { name: 'pull_request', baseSha: base } }, (s) => !s.name.startsWith('Install'));
    const find = byName(runs, 'Find the topology files');
    expect(find.outputs.count).toBe('2');
    expect(readFileSync(find.outputs.list!, 'utf8').trim().split('\n').sort()).toEqual(['mail/loop.yaml', 'mail/postini-mailhop.yaml']);

    const check = byName(runs, 'Check every topology (SARIF)');
    expect({ code: check.code, exit: check.outputs.code }).toEqual({ code: 0, exit: '1' });
    const sarif = JSON.parse(readFileSync(join(repo, check.outputs.sarif!), 'utf8'));
    const validate = sarifValidator();
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    const results = sarif.runs[0].results as { ruleId: string; suppressions?: unknown[]; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    const file = (r: (typeof results)[number]) => r.locations[0]!.physicalLocation.artifactLocation.uri;
    expect(results.filter((r) => r.suppressions === undefined).map(file)).toContain('mail/loop.yaml');
    // What code scanning gets: the unexpected violations only.
    const alerts = JSON.parse(readFileSync(check.outputs.alerts!, 'utf8'));
    const alerted = alerts.runs[0].results as typeof results;
    const expected = results.filter((r) => r.suppressions !== undefined);
    // postini-mailhop.yaml's expect block names its eventual-delivery violation: suppressed, no alert.
    expect(expected.map((r) => `${file(r)} ${r.ruleId}`)).toContain('mail/postini-mailhop.yaml eventual-delivery');
    expect(alerted).toEqual(results.filter((r) => r.suppressions === undefined));
    expect(alerted.length).toBe(results.length - expected.length);
    expect(new Set(alerted.map(file))).toEqual(new Set(['mail/loop.yaml', 'mail/postini-mailhop.yaml']));
    expect(validate(alerts) ? [] : validate.errors).toEqual([]);

    const diff = byName(runs, 'What changed in this pull request');
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('no-forwarding-loop');
    expect(diff.stdout).toContain('call-ahead-bounded');

    const verdict = byName(runs, 'Verdict');
    expect(verdict.code).toBe(1);
    expect(verdict.stdout).toContain('::error::mxproof check exited 1');
    expect(verdict.stdout).toContain('mail/loop.yaml');
  }, 120_000);

  it('narrows to the pathspecs given, skips the diff on a push, and only reports with fail: false', () => {
    const runs = runAction({ inputs: { files: 'mail/postini-mailhop.yaml', fail: 'false' } }, (s) => !s.name.startsWith('Install'));
    expect(byName(runs, 'Find the topology files').outputs.count).toBe('1');
    expect(byName(runs, 'What changed in this pull request').stdout).toBe('');
    // The changed topology now has a forwarding loop its expect block does not name: exit 1, but reported only.
    expect(byName(runs, 'Check every topology (SARIF)').outputs.code).toBe('1');
    const verdict = byName(runs, 'Verdict');
    expect(verdict.code).toBe(0);
    expect(verdict.stdout).toContain('::error::mxproof check exited 1');
  }, 120_000);
});
