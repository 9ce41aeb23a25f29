/**
 * dns-well-formed, revision 1.1: an MX target on a loopback or unspecified address, a CNAME beside
 * other records, and every problem of the file reported in one run. Each check has a control that
 * differs in the one record at fault and holds.
 */
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../models/topology/load.js';
import { checkTopology } from '../../properties/check.js';
import type { PropertyResult } from '../../properties/result.js';

/** A mailbox for example.com and the given `dns` section (YAML lines, indented two spaces). */
function dnsCheck(dns: string[]): PropertyResult {
  const text = ['version: 1', 'dns:', ...dns, 'hosts:', '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }', ''].join('\n');
  const loaded = loadTopology(text, 'dns.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return checkTopology(loaded.topology, { properties: ['dns-well-formed'] }).properties[0]!;
}

/** example.com's only MX is mx.example.com, which has these address records. */
const mxWith = (records: string) => dnsCheck(['  example.com: { mx: ["10 mx.example.com"] }', `  mx.example.com: { ${records} }`]);

describe('an MX target that resolves to the sender itself', () => {
  it.each([
    ['a: ["127.0.0.1"]', '127.0.0.1 (loopback)'],
    ['a: ["127.53.0.9"]', '127.53.0.9 (loopback)'],
    ['aaaa: ["::1"]', '::1 (loopback)'],
    ['aaaa: ["0:0:0:0:0:0:0:1"]', '0:0:0:0:0:0:0:1 (loopback)'],
    ['aaaa: ["::ffff:127.0.0.1"]', '::ffff:127.0.0.1 (loopback)'],
    ['a: ["0.0.0.0"]', '0.0.0.0 (unspecified)'],
    ['aaaa: ["::"]', ':: (unspecified)'],
  ])('%s is reported at the MX record, naming %s', (records, named) => {
    const p = mxWith(records);
    expect(p.verdict).toBe('violated');
    expect(p.pointer).toBe('/dns/example.com/mx/0');
    expect(p.reason).toBe(`MX of example.com points at mx.example.com, which resolves to ${named}: every sender would deliver to itself`);
  });

  it('names only the bad addresses of a target that has good ones too', () => {
    expect(mxWith('a: ["192.0.2.7", "127.0.0.1"], aaaa: ["2001:db8::7"]').reason).toMatch(/resolves to 127\.0\.0\.1 \(loopback\): /);
  });

  it.each(['a: ["192.0.2.7"]', 'aaaa: ["2001:db8::7"]', 'a: ["128.0.0.1"]', 'aaaa: ["::2"]'])('holds for %s, an address of some other host', (records) => {
    expect(mxWith(records).verdict).toBe('holds');
  });

  it('follows a CNAME to the loopback address, and reports the CNAME as well', () => {
    const p = dnsCheck(['  example.com: { mx: ["10 mx.example.com"] }', '  mx.example.com: { cname: lo.example.net }', '  lo.example.net: { a: ["127.0.0.1"] }']);
    expect(p.problems!.map((q) => [q.pointer, q.reason])).toEqual([
      ['/dns/example.com/mx/0', 'MX of example.com points at mx.example.com, a CNAME; an MX must not (RFC 2181 §10.3)'],
      ['/dns/example.com/mx/0', 'MX of example.com points at mx.example.com, an alias of lo.example.net, which resolves to 127.0.0.1 (loopback): every sender would deliver to itself'],
    ]);
  });
});

describe('an MX target behind a CNAME that leads nowhere', () => {
  it.each([
    [['  mx.example.com: { cname: gone.example.net }'], 'MX of example.com points at mx.example.com, an alias of gone.example.net, which has no address: a dangling MX'],
    [['  mx.example.com: { cname: b.example.net }', '  b.example.net: { cname: mx.example.com }'], 'MX of example.com points at mx.example.com, whose CNAME chain loops or runs too long to follow: a dangling MX'],
  ])('%j is a CNAME and dangling', (records, dangling) => {
    const p = dnsCheck(['  example.com: { mx: ["10 mx.example.com"] }', ...records]);
    expect(p.problems!.map((q) => q.reason)).toEqual(['MX of example.com points at mx.example.com, a CNAME; an MX must not (RFC 2181 §10.3)', dangling]);
  });
});

describe('a name with a CNAME and other records', () => {
  it.each([
    ['mx: ["10 mail.example.com"]', 'MX'],
    ['a: ["192.0.2.7"]', 'A'],
    ['aaaa: ["2001:db8::7"]', 'AAAA'],
    ['mx: ["10 mail.example.com"], a: ["192.0.2.7"]', 'MX and A'],
  ])('with %s is reported at its cname', (records, kinds) => {
    const p = dnsCheck(['  example.com: { mx: ["10 mail.example.com"] }', `  www.example.com: { cname: web.hosting.test, ${records} }`]);
    expect(p.verdict).toBe('violated');
    expect(p.pointer).toBe('/dns/www.example.com/cname');
    expect(p.reason).toBe(`www.example.com has a CNAME (to web.hosting.test) beside ${kinds} records: a name with a CNAME must have no other records (RFC 1034 §3.6.2)`);
  });

  it('holds for a CNAME alone', () => {
    expect(dnsCheck(['  example.com: { mx: ["10 mail.example.com"] }', '  www.example.com: { cname: web.hosting.test }']).verdict).toBe('holds');
  });
});

describe('every problem of the file in one run', () => {
  const p = dnsCheck([
    '  example.com: { mx: ["10 mail.example.com", "20 192.0.2.25", "30 old-mx.example.com"] }',
    '  other.example: { mx: ["10 lo.other.example"] }',
    '  lo.other.example: { a: ["127.0.0.1"] }',
    '  www.example.com: { cname: web.hosting.test, a: ["192.0.2.7"] }',
  ]);

  it('lists each problem with its reason and the pointer of its record, in file order', () => {
    expect(p.verdict).toBe('violated');
    expect(p.problems!.map((q) => q.pointer)).toEqual(['/dns/example.com/mx/1', '/dns/example.com/mx/2', '/dns/other.example/mx/0', '/dns/www.example.com/cname']);
    expect(p.problems!.map((q) => q.reason)).toEqual([
      'MX of example.com points at an IP literal (192.0.2.25); an MX must name a host (RFC 5321 §5.1)',
      'MX of example.com points at old-mx.example.com, which has no address: a dangling MX',
      'MX of other.example points at lo.other.example, which resolves to 127.0.0.1 (loopback): every sender would deliver to itself',
      'www.example.com has a CNAME (to web.hosting.test) beside A records: a name with a CNAME must have no other records (RFC 1034 §3.6.2)',
    ]);
  });

  it('keeps the first problem as the reason, pointer and counterexample of the property', () => {
    const [first] = p.problems!;
    expect({ reason: p.reason, pointer: p.pointer, counterexample: p.counterexample }).toEqual({ reason: first!.reason, pointer: first!.pointer, counterexample: first!.counterexample });
  });

  it('tells each problem as its own steps: the record, then why', () => {
    expect(p.problems![1]!.counterexample.steps.map((s) => [s.n, s.kind, s.text])).toEqual([
      [1, 'finding', 'MX of example.com: 30 old-mx.example.com'],
      [2, 'finding', 'MX of example.com points at old-mx.example.com, which has no address: a dangling MX'],
    ]);
  });
});
