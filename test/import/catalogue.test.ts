/**
 * The catalogue of well-known services: every entry cites its documentation and is recognised by
 * the MX names that documentation gives; a user's own entries (a YAML file) come first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../models/topology/load.js';
import { BUILT_IN_CATALOGUE, matches, recognise } from '../../src/import/catalogue.js';
import { inferTopology } from '../../src/import/infer.js';
import { parseCatalogue } from '../../src/import/userCatalogue.js';
import { cli } from '../cli/run.js';

const EXAMPLES: Record<string, string> = {
  'google-workspace': 'alt1.aspmx.l.google.com',
  'microsoft-365': 'example-com.mail.protection.outlook.com',
  proofpoint: 'mx0a-00123.pphosted.com',
  mimecast: 'eu-smtp-inbound-1.mimecast.com',
  barracuda: 'd123456a.ess.barracudanetworks.com',
  'cisco-secure-email': 'mx1.hc1234-56.iphmx.com',
  postini: 'example.com.s8a1.psmtp.com',
  'mailhop-relay': 'mx1.mailhop.org',
  'mailhop-backup-mx': 'MX2.MAILHOP.ORG.',
};

describe('the built-in catalogue', () => {
  it.each(BUILT_IN_CATALOGUE.map((e) => [e.id, e] as const))('%s cites its documentation and recognises the MX names it documents', (id, entry) => {
    expect(entry.docs.length).toBeGreaterThan(0);
    for (const url of entry.docs) expect(url).toMatch(/^https?:\/\/\S+$/);
    expect(recognise(BUILT_IN_CATALOGUE, [EXAMPLES[id]!])?.entry.id).toBe(id);
  });

  it('matches globs on whole names only', () => {
    expect(matches('*.mimecast.com', 'eu-smtp-inbound-1.mimecast.com')).toBe(true);
    expect(matches('*.mimecast.com', 'mimecast.com')).toBe(false);
    expect(matches('*.mimecast.com', 'mimecast.com.evil.test')).toBe(false);
    expect(matches('aspmx*.googlemail.com', 'aspmx2.googlemail.com')).toBe(true);
  });
});

describe('a catalogue of your own', () => {
  const own = `services:\n  - id: acme-filter\n    name: ACME Mail Filter\n    match: ["*.filter.acme.test"]\n    role: filter\n    verify: list\n    docs: ["https://acme.test/docs"]\n`;

  it('recognises its services before the built-in ones, with the role and settings it gives', () => {
    const parsed = parseCatalogue(own, 'own.yaml');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const imported = inferTopology(
      {
        source: 'test',
        domains: ['example.com'],
        records: { 'example.com': { mx: [{ preference: 10, host: 'mx.filter.acme.test' }, { preference: 20, host: 'mail.example.com' }] }, 'mx.filter.acme.test': { a: ['192.0.2.1'] }, 'mail.example.com': { a: ['192.0.2.2'] } },
        assumed: [],
        notes: [],
      },
      [...parsed.entries, ...BUILT_IN_CATALOGUE],
    );
    expect(imported.hosts.map((h) => [h.name, h.fields])).toEqual([
      ['mx.filter.acme.test', { role: 'filter', accepts: ['example.com'], verify: 'list', route: { to: ['mail.example.com'] } }],
      ['mail.example.com', { role: 'mailbox', mailboxes: ['postmaster@example.com'] }],
    ]);
    expect(imported.hosts[0]!.comment).toContain('Recognised as ACME Mail Filter (*.filter.acme.test): an entry of your own catalogue.');
  });

  it('names the entry and field of every mistake, and the CLI exits 2 on them', async () => {
    expect(parseCatalogue('services:\n  - id: Bad Id\n    name: x\n    match: []\n    role: firewall\n', 'own.yaml')).toEqual({
      ok: false,
      errors: [
        'own.yaml: services.0.id: an id of lower-case letters, digits and -',
        expect.stringMatching(/^own\.yaml: services\.0\.match: /),
        expect.stringMatching(/^own\.yaml: services\.0\.role: /),
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'mxproof-catalogue-'));
    try {
      writeFileSync(join(dir, 'bad.yaml'), 'services: [{ id: x }]\n');
      writeFileSync(join(dir, 'z.zone'), '$ORIGIN example.test.\n@ MX 10 mx\nmx A 192.0.2.1\n');
      const r = await cli('import', 'zone', join(dir, 'z.zone'), '--catalogue', join(dir, 'bad.yaml'));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^mxproof: catalogue \S+bad\.yaml: services\.0\.name: /);
      const good = await cli('import', 'zone', join(dir, 'z.zone'));
      expect(good.code).toBe(0);
      expect(loadTopology(good.stdout, 'z.yaml').ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
