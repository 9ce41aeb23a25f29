import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatLoadError, loadTopology, loadTopologyFile, type LoadResult } from '../../models/topology/load.js';
import { jsonPointer } from '../../models/topology/positions.js';
import { topologyToYaml } from '../../models/topology/write.js';
import type { Host, Topology } from '../../models/topology/types.js';

/** FORMAT.md's "Shape" example, verbatim (keep in sync with the design document). */
const EXAMPLE_FILE = new URL('./format-example.yaml', import.meta.url);
const EXAMPLE = readFileSync(EXAMPLE_FILE, 'utf8');

function ok(result: LoadResult): Topology {
  if (!result.ok) throw new Error(result.errors.map(formatLoadError).join('\n'));
  return result.topology;
}

function load(text: string): Topology {
  return ok(loadTopology(text, 't.yaml'));
}

function host(t: Topology, name: string): Host {
  const h = t.hosts.find((x) => x.name === name);
  if (!h) throw new Error(`no host ${name}`);
  return h;
}

describe("FORMAT.md's example", () => {
  const t = ok(loadTopologyFile(EXAMPLE_FILE.pathname));

  it('loads with role presets applied', () => {
    expect(t.version).toBe(1);
    expect(t.file).toBe(EXAMPLE_FILE.pathname);
    expect(t.hosts.map((h) => h.name)).toEqual(['mx.postini.test', 'mx1.mailhop.test', 'mail.example.com']);
    const filter = host(t, 'mx.postini.test');
    expect(filter).toMatchObject({ role: 'filter', accepts: ['example.com'], verify: 'call-ahead' });
    expect(filter.route).toEqual({ kind: 'to', to: [{ host: 'mx1.mailhop.test', port: 25 }] });
    const relay = host(t, 'mx1.mailhop.test');
    expect(relay).toMatchObject({ role: 'relay', accepts: ['example.com'], verify: 'call-ahead', deferOk: false });
    expect(relay.route).toEqual({ kind: 'bestMxElse', dest: { host: 'mail.example.com', port: 2525 } });
    const mailbox = host(t, 'mail.example.com');
    expect(mailbox).toMatchObject({
      role: 'mailbox',
      accepts: ['example.com'],
      mailboxes: ['alice@example.com'],
      verify: 'local',
      route: { kind: 'local' },
      listen: [25, 2525],
    });
  });

  it('loads DNS, network, messages, limits and expectations', () => {
    expect(t.dns['example.com']?.mx).toEqual([
      { preference: 10, host: 'mx.postini.test' },
      { preference: 20, host: 'mx1.mailhop.test' },
    ]);
    expect(t.dns['www.example.com']).toEqual({ a: ['192.0.2.7'] });
    expect(t.dns['alias.example.com']).toEqual({ cname: 'real.example.net' });
    expect(t.network).toEqual({ blocked: [{ host: 'mail.example.com', port: 25 }], faults: { 'mail.example.com': 'transient' } });
    expect(t.messages).toEqual([{ from: 'bob@sender.test', to: 'alice@example.com', via: null }]);
    expect(t.limits).toEqual({ callAheadDepth: 8 });
    expect(t.expect).toEqual({ 'call-ahead-bounded': 'violated', 'eventual-delivery': 'violated' });
  });

  it('knows where each node was written', () => {
    const at = (pointer: string) => t.positions[pointer];
    expect(at('')).toEqual({ line: 1, col: 1 });
    expect(at('/version')).toEqual({ line: 1, col: 10 });
    expect(at('/hosts/mx.postini.test')).toEqual({ line: 10, col: 3 });
    expect(at('/hosts/mx.postini.test/route')).toEqual({ line: 14, col: 12 });
    expect(at('/hosts/mx.postini.test/route/to/0')).toEqual({ line: 14, col: 19 });
    expect(at('/hosts/mx1.mailhop.test/route/bestMxElse')?.line).toBe(18);
    expect(at('/dns/example.com/mx/0')).toEqual({ line: 5, col: 10 });
    expect(at('/dns/example.com/mx/1')?.line).toBe(5);
    expect(at('/network/faults/mail.example.com')?.line).toBe(27);
    expect(at('/messages/0')).toEqual({ line: 30, col: 5 });
    expect(at('/messages/0/to')?.line).toBe(30);
    expect(at('/expect/eventual-delivery')?.line).toBe(37);
  });

  it('loads the same from JSON', () => {
    const json = JSON.stringify({
      version: 1,
      dns: {
        'example.com': { mx: ['10 mx.postini.test', '20 mx1.mailhop.test'] },
        'www.example.com': { a: ['192.0.2.7'] },
        'alias.example.com': { cname: 'real.example.net' },
      },
      hosts: {
        'mx.postini.test': { role: 'filter', accepts: ['example.com'], verify: 'call-ahead', route: { to: ['mx1.mailhop.test'] } },
        'mx1.mailhop.test': { role: 'relay', accepts: ['example.com'], route: { bestMxElse: 'mail.example.com:2525' } },
        'mail.example.com': { role: 'mailbox', mailboxes: ['alice@example.com'], listen: [25, 2525] },
      },
      network: { blocked: ['mail.example.com:25'], faults: { 'mail.example.com': 'transient' } },
      messages: [{ from: 'bob@sender.test', to: 'alice@example.com' }],
      limits: { callAheadDepth: 8 },
      expect: { 'call-ahead-bounded': 'violated', 'eventual-delivery': 'violated' },
    }, null, 2);
    const fromJson = ok(loadTopology(json, t.file));
    expect({ ...fromJson, positions: {} }).toEqual({ ...t, positions: {} });
    // The item under `"to": [`, one line below it in the indented JSON.
    const toLine = json.split('\n').findIndex((l) => l.includes('"to": [')) + 1;
    expect(fromJson.positions['/hosts/mx.postini.test/route/to/0']?.line).toBe(toLine + 1);
  });
});

describe('defaults and presets', () => {
  const t = load(`
version: 1
hosts:
  sender.test: {}
  backup.example.com: { role: backup-mx, accepts: [example.com] }
  relay.example.com: { role: relay, accepts: [example.com], recipients: [Alice@Example.com], route: { bestMxElse: mail.example.com } }
  filter.example.com: { role: filter, accepts: ["*"], verify: none, route: { to: [mail.example.com] } }
  mail.example.com:
    role: mailbox
    mailboxes: [alice@example.com, bob@example.org, carol@example.com]
    spam: { blocks: [relay.example.com] }
messages:
  - { from: bob@sender.test, to: alice@example.com, via: sender.test }
`);

  it('fills every optional field', () => {
    expect(host(t, 'sender.test')).toEqual({
      name: 'sender.test',
      role: 'mta',
      accepts: [],
      mailboxes: [],
      recipients: [],
      verify: 'none',
      deferOk: false,
      route: { kind: 'mx' },
      routes: {},
      selfCheck: true,
      listen: [25],
      allowFrom: null,
      spam: null,
      hopLimit: 50,
      software: 'generic',
      allowFromReply: 421,
      tags: [],
    });
    expect(t.defaults).toEqual({ software: 'generic' });
    expect(t.limits.callAheadDepth).toBe(t.hosts.length + 1);
    expect(t.network).toEqual({ blocked: [], faults: {} });
    expect(t.dns).toEqual({});
    expect(t.expect).toEqual({});
    expect(t.messages[0]?.via).toBe('sender.test');
  });

  it('applies each role preset, and fields set in the file win', () => {
    expect(host(t, 'backup.example.com')).toMatchObject({ verify: 'none', route: { kind: 'mx' } });
    expect(host(t, 'relay.example.com')).toMatchObject({ verify: 'list', recipients: ['alice@example.com'] });
    expect(host(t, 'filter.example.com')).toMatchObject({ accepts: ['*'], verify: 'none' });
    const mailbox = host(t, 'mail.example.com');
    expect(mailbox.accepts).toEqual(['example.com', 'example.org']);
    expect(mailbox.spam).toEqual({ blocks: ['relay.example.com'], whitelist: [], action: 'reject' });
  });
});

describe('normalization', () => {
  const t = load(`
version: 1
dns:
  Example.COM.:
    mx: ["20 B.example.com.", "10 Mail.Example.com", "20 a.example.com", "5 192.0.2.1", "10 alias.example.com"]
  alias.example.com: { cname: Mail.Example.Com. }
  null.example.net: { mx: ["0 ."] }
hosts:
  Mail.Example.COM.:
    role: mailbox
    mailboxes: [Alice@EXAMPLE.com]
    routes: { Other.Example.: { to: ["MAIL.example.com:2525"] } }
network:
  blocked: [MAIL.EXAMPLE.COM]
messages:
  - { from: Bob@Sender.Test, to: ALICE@example.com, via: mail.example.com. }
`);

  it('lower-cases names and addresses and strips trailing dots', () => {
    const h = host(t, 'mail.example.com');
    expect(h.mailboxes).toEqual(['alice@example.com']);
    expect(h.accepts).toEqual(['example.com']);
    expect(h.routes).toEqual({ 'other.example': { kind: 'to', to: [{ host: 'mail.example.com', port: 2525 }] } });
    expect(t.network.blocked).toEqual([{ host: 'mail.example.com', port: 25 }]);
    expect(t.messages).toEqual([{ from: 'bob@sender.test', to: 'alice@example.com', via: 'mail.example.com' }]);
    expect(t.dns['alias.example.com']?.cname).toBe('mail.example.com');
  });

  it('keeps the spelling of the file in positions', () => {
    expect(t.positions['/hosts/Mail.Example.COM.']?.line).toBe(9);
    expect(t.positions['/hosts/mail.example.com']).toBeUndefined();
  });

  it('keeps MX records in file order (so reports can point at each), and loads bad-but-readable DNS as written', () => {
    expect(t.dns['example.com']?.mx).toEqual([
      { preference: 20, host: 'b.example.com' },
      { preference: 10, host: 'mail.example.com' },
      { preference: 20, host: 'a.example.com' },
      { preference: 5, host: '192.0.2.1' },
      { preference: 10, host: 'alias.example.com' },
    ]);
  });

  it('parses a null MX', () => {
    expect(t.dns['null.example.net']?.mx).toEqual([{ preference: 0, host: '.' }]);
  });
});

describe('errors', () => {
  it('formats as file:line:col: field: message', () => {
    expect(formatLoadError({ file: 'a.yaml', line: 3, col: 7, field: 'hosts["x"].role', message: 'bad' })).toBe(
      'a.yaml:3:7: hosts["x"].role: bad',
    );
  });

  it('reports every problem, in file order', () => {
    const r = loadTopology('version: 1\nmessages:\n  - { from: a, to: b@c }\n  - { from: a@b, to: c }\n', 'm.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'messages[0].from'],
      [4, 'messages[1].to'],
    ]);
  });

  it('escapes JSON pointers (RFC 6901)', () => {
    expect(jsonPointer(['hosts', 'a/b~c', 0])).toBe('/hosts/a~1b~0c/0');
    expect(jsonPointer([])).toBe('');
  });
});

describe('files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mxproof-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects a file over 5 MiB', () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `version: 1\n${'#'.repeat(5 * 1024 * 1024)}\n`);
    const r = loadTopologyFile(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: big, line: 1, col: 1, field: '(file)' });
    expect(r.ok ? '' : r.errors[0]?.message).toMatch(/5 MiB/);
  });

  it('reports a missing file and a directory without throwing', () => {
    for (const path of [join(dir, 'nope.yaml'), dir]) {
      const r = loadTopologyFile(path);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]).toMatchObject({ file: path, line: 1, col: 1, field: '(file)' });
    }
  });
});

describe('hostile input', () => {
  const never = (text: string) => {
    const r = loadTopology(text, 'f.yaml');
    if (!r.ok) {
      for (const e of r.errors) {
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.col).toBeGreaterThanOrEqual(1);
        expect(typeof e.field).toBe('string');
        expect(typeof e.message).toBe('string');
      }
    }
    return r;
  };

  it('never throws on arbitrary strings or JSON values', () => {
    fc.assert(fc.property(fc.string(), (s) => void never(s)), { seed: 42, numRuns: 200 });
    fc.assert(fc.property(fc.jsonValue(), (v) => void never(JSON.stringify(v) ?? 'null')), { seed: 42, numRuns: 200 });
    fc.assert(fc.property(fc.jsonValue(), (v) => void never(`version: 1\nhosts:\n  a.test: ${JSON.stringify(v)}\n`)), { seed: 42, numRuns: 200 });
  });

  it('refuses an alias bomb, deep nesting, empty files and odd keys', () => {
    let bomb = 'version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 0; i < 9; i++) bomb += `b${i}: &b${i} [${Array(10).fill(i === 0 ? '*a' : `*b${i - 1}`).join(', ')}]\n`;
    for (const text of [bomb, '['.repeat(100_000), `${'['.repeat(5000)}${']'.repeat(5000)}`, '', 'null', '- 1', '\u0000\u0001\uFFFF', 'version: 1\n__proto__: {}\n', 'a: &x [*x]\n', 'version: 1\nhosts: &h {a: *h}\n']) {
      expect(never(text).ok).toBe(false);
    }
  });
});

describe('software, defaults, allowFromReply and tags (FORMAT.md 1.1)', () => {
  const t = load(`
version: 1
defaults: { software: postfix }
hosts:
  a.test: {}
  b.test: { software: exim }
  c.test: { software: exim, hopLimit: 40, allowFrom: [a.test], allowFromReply: 550, tags: [filter, provider-x, filter] }
`);

  it('takes software from defaults unless the host names its own, and the hop limit from the software', () => {
    expect(t.defaults.software).toBe('postfix');
    expect(host(t, 'a.test')).toMatchObject({ software: 'postfix', hopLimit: 50, allowFromReply: 421, tags: [] });
    expect(host(t, 'b.test')).toMatchObject({ software: 'exim', hopLimit: 30 });
    expect(host(t, 'c.test')).toMatchObject({ software: 'exim', hopLimit: 40, allowFromReply: 550, tags: ['filter', 'provider-x'] });
  });

  it('writes back only what differs from the defaults, and reads the same topology again', () => {
    const text = topologyToYaml(t);
    expect(text).toContain('defaults:');
    expect(text).not.toMatch(/a\.test:[^\n]*software/);
    expect({ ...load(text), positions: {}, file: t.file }).toEqual({ ...t, positions: {} });
  });

  it('names the field and the allowed values when software or allowFromReply is wrong', () => {
    const bad = loadTopology('version: 1\nhosts:\n  a.test: { software: postfx, allowFromReply: 451 }\n', 'bad.yaml');
    expect(bad.ok).toBe(false);
    const text = bad.ok ? '' : bad.errors.map((e) => `${e.line}:${e.col} ${e.field}: ${e.message}`).join('\n');
    expect(text).toMatch(/3:\d+ .*software.*postfix/);
    expect(text).toMatch(/allowFromReply.*421.*550.*451/);
  });
});

describe('line endings', () => {
  it('reads a CR-only file (old Mac line endings) as lines, with the right line numbers', () => {
    const text = ['version: 1', 'hosts:', '  a.test: {}', '  b.test: { role: nope }', ''].join('\r');
    const r = loadTopology(text, 'cr.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([[4, 'hosts["b.test"].role']]);
  });

  it('reads CRLF files as their lines too', () => {
    const r = loadTopology(['version: 1', 'hosts:', '  a.test: {}', ''].join('\r\n'), 'crlf.yaml');
    expect(r.ok).toBe(true);
  });
});
