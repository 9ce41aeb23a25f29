/**
 * Path properties of the file's own (FORMAT.md 1.1) on the questions an administrator asks of a
 * tenant behind a filtering gateway (examples/gateway.yaml): does every message pass the gateway,
 * is the old server still used? Verdicts, shortest counterexamples that replay, every report
 * format, `expect`, `diff`, `--property`, and the load errors of a badly written property.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, diff, renderJUnit, renderSarif } from '../../src/index.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import { replay } from '../../src/checker/index.js';
import { renderCheckJson } from '../../src/report/json.js';
import { renderCheckText } from '../../src/report/text.js';
import { cli } from '../cli/run.js';
import { EXAMPLES } from '../helpers.js';

const GATEWAY = join(EXAMPLES, 'gateway.yaml');
const gateway = readFileSync(GATEWAY, 'utf8').replace(/\nexpect:[\s\S]*$/, '\n');

/** The gateway file with a backup MX that delivers straight to the provider, both gateways flaky. */
const withBackup = gateway
  .replace('mx: ["10 mx0a.gw.test", "10 mx0b.gw.test"]', 'mx: ["10 mx0a.gw.test", "10 mx0b.gw.test", "20 backup.mx.test"]')
  .replace('  mail.provider.test:\n', '  backup.mx.test:\n    role: backup-mx\n    accepts: [example.com]\n    route: { to: ["mail.provider.test"] }\n  mail.provider.test:\n')
  .replace('allowFrom: [mx0a.gw.test, mx0b.gw.test]', 'allowFrom: [mx0a.gw.test, mx0b.gw.test, backup.mx.test]')
  .replace('    mx0a.gw.test: transient\n', '    mx0a.gw.test: transient\n    mx0b.gw.test: transient\n');

/** The gateway still falls back to the old server when the provider does not answer. */
const oldFallback = gateway
  .replaceAll('route: { to: ["mail.provider.test"] }', 'route: { to: ["mail.provider.test", "mail.oldcorp.test"] }')
  .replace('    mx0a.gw.test: transient\n', '    mx0a.gw.test: transient\n    mail.provider.test: transient\n');

function checked(text: string, file = 'gateway.yaml') {
  const outcome = check(text, { file });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  if (outcome.topology === null) throw new Error('stopped while loading');
  return { ...outcome, topology: outcome.topology };
}

const verdict = (text: string, id: string) => checked(text).result.properties.find((p) => p.id === id)!;

describe('path properties on a gateway set-up', () => {
  it('both hold as the file is written: every message passes a gateway, none reaches the old server', () => {
    const outcome = checked(gateway);
    expect(verdict(gateway, 'scanned-by-gateway').verdict).toBe('holds');
    expect(verdict(gateway, 'old-server-unused').verdict).toBe('holds');
    // They are listed after the seven built-in ones, in file order.
    expect(outcome.result.properties.map((p) => p.id).slice(-2)).toEqual(['scanned-by-gateway', 'old-server-unused']);
  });

  it('the waypoint is violated once a backup MX delivers straight to the provider, by the shortest run', () => {
    const p = verdict(withBackup, 'scanned-by-gateway');
    expect(p.verdict).toBe('violated');
    expect(p.reason).toContain('delivered by mail.provider.test without passing mx0a.gw.test or mx0b.gw.test');
    expect(p.reason).toContain('it passed only backup.mx.test, mail.provider.test');
    const steps = p.counterexample!.steps;
    // Both gateways go down, the sender falls back to the backup, which hands the mail on.
    expect(steps.filter((s) => s.kind === 'fault')).toHaveLength(2);
    expect(steps.at(-1)!.text).toContain('delivers <alice@example.com>');
    // The path replays to the same last state on the model.
    const outcome = checked(withBackup);
    const run = replay(new MailSystem(outcome.topology), p.counterexample!.path!);
    expect(run.ok && run.actions.length).toBe(steps.length);
    // With one gateway always up, the backup is never used, and the waypoint holds.
    const oneFlaky = withBackup.replace('    mx0b.gw.test: transient\n', '');
    expect(verdict(oneFlaky, 'scanned-by-gateway').verdict).toBe('holds');
  });

  it('avoid is violated through the run that still reaches the old server', () => {
    const p = verdict(oldFallback, 'old-server-unused');
    expect(p.verdict).toBe('violated');
    expect(p.reason).toMatch(/^mail\.oldcorp\.test accepts the message for <alice@example\.com> \(250 after DATA\)/);
    const last = p.counterexample!.steps.at(-1)!;
    expect(last.text).toContain('DATA → 250');
    expect(last.to).toBe('mail.oldcorp.test');
    expect(p.counterexample!.steps.some((s) => s.kind === 'fault' && s.from === 'mail.provider.test')).toBe(true);
  });

  it('`for` limits a property to messages for its domains; none in the file is not-applicable', () => {
    const other = withBackup.replace('for: [example.com]', 'for: [other.test]');
    const p = verdict(other, 'scanned-by-gateway');
    expect(p.verdict).toBe('not-applicable');
    expect(p.reason).toBe('no message to other.test in the file');
  });

  it('every report format names the property, and SARIF points at its line in the file', () => {
    const outcome = checked(withBackup);
    const text = renderCheckText(outcome.result);
    expect(text).toMatch(/✗ scanned-by-gateway\s+violated/);
    expect(text).toContain('scanned-by-gateway: counterexample');
    const json = JSON.parse(renderCheckJson(outcome.result));
    expect(json.properties.find((p: { id: string }) => p.id === 'scanned-by-gateway').verdict).toBe('violated');
    const junit = renderJUnit([outcome]);
    expect(junit).toMatch(/<testcase [^>]*name="scanned-by-gateway"[^>]*>\s*<failure/);
    const sarif = JSON.parse(renderSarif([outcome]));
    const run = sarif.runs[0];
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'scanned-by-gateway');
    expect(rule.shortDescription.text).toBe('every message to example.com delivered was accepted by mx0a.gw.test or mx0b.gw.test on its way');
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'scanned-by-gateway');
    expect(result.ruleIndex).toBe(run.tool.driver.rules.indexOf(rule));
    const line = withBackup.split('\n').findIndex((l) => l.startsWith('  scanned-by-gateway:')) + 1;
    expect(result.locations[0].physicalLocation.region.startLine).toBe(line);
  });

  it('`expect` may name a path property: an unmet one fails the check', () => {
    const outcome = checked(`${withBackup}expect:\n  scanned-by-gateway: holds\n`);
    expect(outcome.status).toBe('failed');
    const p = outcome.result.properties.find((q) => q.id === 'scanned-by-gateway')!;
    expect(p.expected).toBe('holds');
    expect(checked(`${gateway}expect:\n  scanned-by-gateway: holds\n  old-server-unused: holds\n`).status).toBe('passed');
  });

  it('diff reports the waypoint broken by the change that adds the backup', () => {
    const d = diff(gateway, withBackup);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.diff.broken).toContain('scanned-by-gateway');
    expect(d.diff.status).toBe('failed');
  });

  it('--property selects a path property; an id the file does not name is refused with the known ones', async () => {
    const only = await cli('check', GATEWAY, '--property', 'old-server-unused');
    expect(only.code).toBe(0);
    expect(only.stdout).toContain('old-server-unused');
    expect(only.stdout).not.toContain('eventual-delivery');
    const typo = await cli('check', GATEWAY, '--property', 'old-server-unusd');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown property 'old-server-unusd'");
    expect(typo.stderr).toContain('scanned-by-gateway, old-server-unused');
  });
});

describe('a badly written path property', () => {
  const errorsOf = (properties: string, expectBlock = '') => {
    const outcome = check(`${gateway.replace(/\nproperties:[\s\S]*$/, '\n')}properties:\n${properties}${expectBlock}`, { file: 'bad.yaml' });
    return outcome.ok ? [] : outcome.errors.map((e) => `${e.line}:${e.field}: ${e.message}`);
  };

  it('is refused with the line and field of each problem', () => {
    const errors = errorsOf(
      [
        '  eventual-delivery: { waypoint: [mx0a.gw.test] }',
        '  both: { waypoint: [mx0a.gw.test], avoid: [mail.oldcorp.test] }',
        '  neither: { for: [example.com] }',
        '  typo: { avoid: [mail.oldcrop.test] }',
        '  badfor: { avoid: [mail.oldcorp.test], for: ["not a domain"] }',
        '  "has space": { avoid: [mail.oldcorp.test] }',
        '  empty: { waypoint: [] }',
      ].join('\n') + '\n',
      'expect:\n  sacnned: holds\n',
    );
    const text = errors.join('\n');
    expect(text).toContain('`eventual-delivery` is a built-in property; a property of your own needs another id');
    expect(text).toContain('`both` has both');
    expect(text).toContain('`neither` has neither');
    expect(text).toMatch(/properties\["typo"\]\.avoid\[0\]: unknown host `mail\.oldcrop\.test` in properties\.typo\.avoid \(did you mean `mail\.oldcorp\.test`\?\)/);
    expect(text).toContain('is not a valid domain');
    expect(text).toContain('is not a property id');
    expect(text).toContain('`waypoint` names no host');
    expect(text).toMatch(/expect\.sacnned: unknown property `sacnned`/);
    expect(errors).toHaveLength(8);
    // In file order.
    const lines = errors.map((e) => Number(e.split(':')[0]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('a field a path property does not have is named with the ones it has', () => {
    const errors = errorsOf('  extra: { avoid: [mail.oldcorp.test], via: x }\n');
    expect(errors).toEqual([expect.stringMatching(/^\d+:properties\["extra"\]\.via: unknown field `via`; valid: `waypoint`, `avoid`, `for`$/)]);
  });
});
