/**
 * A mail team's own rule and role, checked with mxproof as their repository would: a config file
 * beside their topologies, read with `loadConfig`, or a property defined in the test with
 * `defineConfig`, passed to `check`; and the `mxproof` command their scripts run. Only the package
 * entry is imported, as from node_modules; the command is the package's bin (dist/cli/mxproof.mjs,
 * which `npm ci` builds through `prepare`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, defineConfig, findConfig, loadConfig, loadTopology, type SafetyMailProperty } from 'mxproof';
import 'mxproof/vitest';
import { describe, expect, it } from 'vitest';

const MAIL = join(import.meta.dirname, 'mail');
const direct = readFileSync(join(MAIL, 'direct.yaml'), 'utf8');

describe('our own rule: mail is filtered before it is delivered', () => {
  it('is read from the config beside our topologies and broken when the filter is down', async () => {
    const found = findConfig(join(MAIL, 'direct.yaml'), process.cwd());
    if (!found.ok || found.file === null) throw new Error('no config found');
    const loaded = await loadConfig(found.file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const outcome = check(direct, { file: 'direct.yaml', config: loaded.config });
    expect(outcome).toBeViolated('filtered-before-delivery');
    expect(outcome).toHold('eventual-delivery');
    if (outcome.ok) {
      const p = outcome.result.properties.find((x) => x.id === 'filtered-before-delivery')!;
      expect(p.reason).toBe('mail.example.com delivers the message for <alice@example.com> that no filter accepted');
    }
  });

  it('holds once the mailbox host is no MX of its own', async () => {
    const loaded = await loadConfig(join(MAIL, 'mxproof.config.mjs'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const filtered = direct.replace(', "20 mail.example.com"', '');
    expect(check(filtered, { config: loaded.config })).toHold('filtered-before-delivery');
  });

  it('can be written in the test itself, with the types the package exports', () => {
    const neverBounced: SafetyMailProperty = {
      id: 'never-bounced',
      kind: 'safety',
      summary: 'no message is bounced',
      judges: ['bounced'],
      perMessage: true,
      violation: (effect) => (effect.kind === 'bounced' ? `${effect.by} bounces it (${effect.code})` : null),
    };
    const config = defineConfig({ properties: [neverBounced] });
    expect(check(direct, { config })).toHold('never-bounced');
  });
});

const outbound = readFileSync(join(MAIL, 'outbound.yaml'), 'utf8');
const BIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'mxproof.mjs');

function mxproof(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: MAIL, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('our own role: the outbound gateway hands mail to the smarthost its options name', () => {
  it('is read from the config beside our topologies, and its machine decides where mail goes', async () => {
    const loaded = await loadConfig(join(MAIL, 'mxproof.config.mjs'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(check(outbound, { file: 'outbound.yaml', config: loaded.config })).toPass();
    // With the smarthost gone for good, mail is stuck at the gateway: it goes nowhere else, not even by MX.
    const down = check(outbound.replace('smtp.isp.test: transient', 'smtp.isp.test: down'), { config: loaded.config });
    expect(down).toBeViolated('eventual-delivery');
    if (down.ok) {
      const steps = down.result.properties.find((p) => p.id === 'eventual-delivery')!.counterexample!.steps.map((s) => s.text);
      expect(steps[0]).toBe('routes <carol@example.com>: our smarthost');
      expect(steps.some((t) => t.includes('mx.example.net'))).toBe(false);
    }
  });

  it('refuses an option its schema does not allow, at its line and field', async () => {
    const loaded = await loadConfig(join(MAIL, 'mxproof.config.mjs'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const bad = loadTopology(outbound.replace('options: { smarthost: smtp.isp.test }', 'options: { smarthost: 25 }'), 'bad.yaml', { config: loaded.config });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.map((e) => [e.file, e.line, e.field])).toEqual([['bad.yaml', 12, 'hosts["gw.corp.test"].options["smarthost"]']]);
      expect(bad.errors[0]!.message).toMatch(/^option `smarthost` of role outbound-gateway \(.*mxproof\.config\.mjs\): .*expected string/);
    }
    // Without the config, the role is unknown: a load error too, never an exception.
    const unknown = loadTopology(outbound, 'outbound.yaml');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.errors[0]).toMatchObject({ line: 9, field: 'hosts["gw.corp.test"].role', message: expect.stringMatching(/^unknown role `outbound-gateway`/) });
  });

  it('is checked by the mxproof command with the config found beside the topology', () => {
    const r = mxproof('check', 'outbound.yaml', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { properties: { id: string; verdict: string }[] };
    expect(report.properties.map((p) => [p.id, p.verdict])).toContainEqual(['eventual-delivery', 'holds']);
    expect(report.properties.map((p) => [p.id, p.verdict])).toContainEqual(['filtered-before-delivery', 'holds']);
  });

  it('makes the mxproof command name the file, line and field of a bad option, and exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mxproof-user-'));
    try {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, outbound.replace('options: { smarthost: smtp.isp.test }', 'options: { smarthost: 25 }'));
      const r = mxproof('check', file, '--config', join(MAIL, 'mxproof.config.mjs'));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}:12:`);
      expect(r.stderr).toContain('hosts["gw.corp.test"].options["smarthost"]: option `smarthost` of role outbound-gateway');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
