/**
 * A mail team's own rule, checked with mxproof as their repository would: a config file beside
 * their topologies, read with `loadConfig`, or a property defined in the test with `defineConfig`,
 * passed to `check`. Only the package entry is imported, as from node_modules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, defineConfig, findConfig, loadConfig, type SafetyMailProperty } from 'mxproof';
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
