/**
 * `mxproof import zone`: BIND master files read as BIND reads them (dns.test.ts checks a whole
 * zone against the live import; this suite the parts, with no DNS server).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../models/topology/load.js';
import { importZone, ZoneError } from '../../src/import/index.js';
import { parseZone } from '../../src/import/zone.js';
import { cli } from '../cli/run.js';

describe('import zone', () => {
  it('gives a record with a blank owner the owner of the line before, and each $ORIGIN its own names', () => {
    const facts = parseZone(
      ['$ORIGIN example.test.', 'www IN A 192.0.2.1', '    IN AAAA 2001:db8::1', '@ IN MX 10 mail', '  IN MX 20 mail.other.test.', '$ORIGIN other.test.', 'mail A 192.0.2.2', 'mail.example.test. A 192.0.2.3'].join('\n'),
      'z',
    );
    expect(facts.records).toEqual({
      'www.example.test': { a: ['192.0.2.1'], aaaa: ['2001:db8::1'] },
      'example.test': { mx: [{ preference: 10, host: 'mail.example.test' }, { preference: 20, host: 'mail.other.test' }] },
      'mail.other.test': { a: ['192.0.2.2'] },
      'mail.example.test': { a: ['192.0.2.3'] },
    });
    expect(facts.domains).toEqual(['example.test']);
  });

  it('completes relative names with --origin, and asks for one when the file has none', () => {
    expect(parseZone('@ IN MX 10 mx\nmx IN A 192.0.2.1\n', 'z', { origin: 'example.test' }).records).toEqual({
      'example.test': { mx: [{ preference: 10, host: 'mx.example.test' }] },
      'mx.example.test': { a: ['192.0.2.1'] },
    });
    expect(() => parseZone('mx IN A 192.0.2.1\n', 'z')).toThrow(/the relative name mx needs an origin: give --origin/);
  });

  it('refuses $INCLUDE, and takes names outside every zone of the file to resolve, saying so', () => {
    expect(() => parseZone('$INCLUDE other.zone\n', 'z')).toThrow(ZoneError);
    const result = importZone('$ORIGIN example.test.\n@ IN SOA ns hostmaster 1 2 3 4 5\n@ IN MX 10 mx1.mailhop.org.\n', 'z');
    expect(result.text).toContain('It is outside the zone file: assumed to resolve.');
    const loaded = loadTopology(result.text, 'z.yaml');
    expect(loaded.ok && loaded.topology.hosts.map((h) => [h.name, h.role])).toEqual([
      ['mx1.mailhop.org', 'relay'],
      ['mailbox.example.test.invalid', 'mailbox'],
    ]);
  });

  it('reads an IP written without a trailing dot as the relative name BIND makes of it, and says so', () => {
    const facts = parseZone('$ORIGIN example.test.\n@ IN MX 10 192.0.2.1\n', 'z');
    expect(facts.records['example.test']!.mx).toEqual([{ preference: 10, host: '192.0.2.1.example.test' }]);
    expect(facts.notes).toEqual(['MX of example.test: 192.0.2.1 is written without a trailing dot, so resolvers read it as the name 192.0.2.1.example.test']);
  });

  it('exits 2 with the file named for a missing file or a zone it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mxproof-zone-'));
    try {
      expect(await cli('import', 'zone', join(dir, 'none.zone'))).toMatchObject({ code: 2, stderr: `mxproof: ${join(dir, 'none.zone')}: no such file\n` });
      writeFileSync(join(dir, 'inc.zone'), '$INCLUDE x\n');
      expect(await cli('import', 'zone', join(dir, 'inc.zone'))).toMatchObject({ code: 2, stderr: expect.stringMatching(/^mxproof: zone file \S+inc\.zone: line 1: \$INCLUDE is not supported/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
