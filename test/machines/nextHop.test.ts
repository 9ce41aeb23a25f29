/**
 * Where a host sends mail next (models/routing/nextHop.ts, dns.ts): MX by preference with RFC 5321
 * §5.1 self-truncation, the implicit MX, a null MX (RFC 7505), CNAMEs at the owner, fixed routes,
 * per-domain overrides, and MailHop's best-MX-else rule.
 */
import { describe, expect, it } from 'vitest';
import { lookupMx } from '../../models/routing/dns.js';
import { nextHop, type NextHop } from '../../models/routing/nextHop.js';
import type { Host, Route } from '../../models/topology/types.js';
import { envOf, host, hp, mx, topology } from './fixtures.js';

const byMx = (name: string, fields: Partial<Host> = {}) => host(name, { route: { kind: 'mx' }, ...fields });
const bestMxElse = (name: string, dest: string): Host => host(name, { role: 'relay', route: { kind: 'bestMxElse', dest: hp(dest) } });

/** The candidates as "host:port@group", or the failure as "fail CODE STATUS". */
function hops(hop: NextHop): string[] | string {
  if (hop.kind === 'local') return 'local';
  if (hop.kind === 'fail') return `fail ${hop.code} ${hop.status}`;
  return hop.candidates.map((c) => `${c.host}:${c.port}@${c.group}`);
}

describe('delivery by MX', () => {
  const t = topology({
    dns: { 'example.com': { mx: mx('20 b.test', '10 a.test', '20 c.test', '30 d.test') } },
    hosts: [byMx('a.test'), byMx('b.test'), byMx('c.test'), byMx('d.test'), byMx('sender.test')],
  });

  it('lists every MX host by ascending preference, equal preferences in one group, all on port 25', () => {
    expect(hops(nextHop(t, t.hosts[4]!, 'x@example.com'))).toEqual(['a.test:25@0', 'b.test:25@1', 'c.test:25@1', 'd.test:25@2']);
  });

  it('is what the implicit sender (no host) does', () => {
    expect(hops(nextHop(t, null, 'x@example.com'))).toEqual(['a.test:25@0', 'b.test:25@1', 'c.test:25@1', 'd.test:25@2']);
  });

  it('uses port 25 even when the MX host listens only elsewhere', () => {
    const t2 = topology({ dns: { 'example.com': { mx: mx('10 m.test') } }, hosts: [byMx('m.test', { listen: [2525] })] });
    expect(hops(nextHop(t2, null, 'x@example.com'))).toEqual(['m.test:25@0']);
  });

  it('drops its own record and every record equal or worse when it finds itself in the list', () => {
    expect(hops(nextHop(t, t.hosts[1]!, 'x@example.com'))).toEqual(['a.test:25@0']);
    expect(hops(nextHop(t, t.hosts[3]!, 'x@example.com'))).toEqual(['a.test:25@0', 'b.test:25@1', 'c.test:25@1']);
  });

  it('bounces with 554 5.4.6 when it is the best MX itself: the mail would loop back to it', () => {
    const hop = nextHop(t, t.hosts[0]!, 'x@example.com');
    expect(hops(hop)).toBe('fail 554 5.4.6');
    expect(hop.kind === 'fail' && hop.why).toMatch(/points back to a\.test/);
  });

  it('keeps every record, itself included, with selfCheck: false', () => {
    const t2 = topology({ dns: t.dns, hosts: [byMx('b.test', { selfCheck: false })] });
    expect(hops(nextHop(t2, t2.hosts[0]!, 'x@example.com'))).toEqual(['a.test:25@0', 'b.test:25@1', 'c.test:25@1', 'd.test:25@2']);
  });

  it('keeps every record when the host is not in the list (self-truncation protects a host only against itself)', () => {
    expect(hops(nextHop(t, t.hosts[4]!, 'x@example.com'))).toHaveLength(4);
  });
});

describe('a null MX (RFC 7505)', () => {
  it('fails at once with 556 5.1.10', () => {
    const t = topology({ dns: { 'example.com': { mx: mx('0 .') } }, hosts: [] });
    expect(hops(nextHop(t, null, 'x@example.com'))).toBe('fail 556 5.1.10');
  });

  it('wins over the implicit MX when the domain also has an address', () => {
    const t = topology({ dns: { 'example.com': { mx: mx('0 .'), a: ['192.0.2.1'] } }, hosts: [] });
    expect(hops(nextHop(t, null, 'x@example.com'))).toBe('fail 556 5.1.10');
  });
});

describe('the implicit MX (no MX record)', () => {
  it("uses the domain's own address when the domain is a host", () => {
    const t = topology({ hosts: [host('example.com', { role: 'mailbox' })] });
    expect(lookupMx(t, 'example.com')).toEqual({ kind: 'implicit', host: 'example.com' });
    expect(hops(nextHop(t, null, 'x@example.com'))).toEqual(['example.com:25@0']);
  });

  it('uses the domain when it only has A records', () => {
    const t = topology({ dns: { 'example.com': { a: ['192.0.2.1'] } }, hosts: [] });
    expect(hops(nextHop(t, null, 'x@example.com'))).toEqual(['example.com:25@0']);
  });

  it('fails with 550 5.1.2 when the domain has neither MX nor address', () => {
    const t = topology({ hosts: [] });
    expect(lookupMx(t, 'example.com')).toEqual({ kind: 'nxdomain' });
    expect(hops(nextHop(t, null, 'x@example.com'))).toBe('fail 550 5.1.2');
  });

  it('is not used when an MX record exists', () => {
    const t = topology({ dns: { 'example.com': { mx: mx('10 mx.test') } }, hosts: [host('example.com'), host('mx.test')] });
    expect(hops(nextHop(t, null, 'x@example.com'))).toEqual(['mx.test:25@0']);
  });
});

describe('a CNAME at the recipient domain', () => {
  it('is followed to the MX of its target', () => {
    const t = topology({
      dns: { 'alias.test': { cname: 'real.test' }, 'real.test': { mx: mx('10 mx.real.test') } },
      hosts: [host('mx.real.test')],
    });
    expect(lookupMx(t, 'alias.test')).toEqual({ kind: 'records', records: mx('10 mx.real.test') });
    expect(hops(nextHop(t, null, 'x@alias.test'))).toEqual(['mx.real.test:25@0']);
  });

  it('is followed through a chain of CNAMEs', () => {
    const t = topology({
      dns: { 'a.test': { cname: 'b.test' }, 'b.test': { cname: 'c.test' }, 'c.test': { mx: mx('5 mx.c.test') } },
      hosts: [host('mx.c.test')],
    });
    expect(hops(nextHop(t, null, 'x@a.test'))).toEqual(['mx.c.test:25@0']);
  });

  it('does not loop forever on a CNAME cycle', () => {
    const t = topology({ dns: { 'a.test': { cname: 'b.test' }, 'b.test': { cname: 'a.test' } }, hosts: [] });
    expect(lookupMx(t, 'a.test')).toEqual({ kind: 'nxdomain' });
  });
});

describe('fixed routes', () => {
  it('tries `to` hops in the order written, each its own group, with their ports', () => {
    const t = topology({ hosts: [host('f.test', { route: { kind: 'to', to: [hp('a.test:2525'), hp('b.test')] } })] });
    const hop = nextHop(t, t.hosts[0]!, 'x@example.com');
    expect(hops(hop)).toEqual(['a.test:2525@0', 'b.test:25@1']);
  });

  it('ignores DNS entirely: a filter never delivers by MX', () => {
    const t = topology({
      dns: { 'example.com': { mx: mx('0 .') } },
      hosts: [host('f.test', { route: { kind: 'to', to: [hp('m.test')] } })],
    });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toEqual(['m.test:25@0']);
  });

  it('answers local for a local route', () => {
    const t = topology({ hosts: [host('m.test', { route: { kind: 'local' } })] });
    expect(nextHop(t, t.hosts[0]!, 'x@example.com')).toEqual({ kind: 'local' });
  });

  it('lets a per-domain route override the host route', () => {
    const routes: Record<string, Route> = { 'other.test': { kind: 'to', to: [hp('o.test:587')] } };
    const t = topology({ dns: { 'example.com': { mx: mx('10 a.test') } }, hosts: [byMx('h.test', { routes }), byMx('a.test')] });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@other.test'))).toEqual(['o.test:587@0']);
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toEqual(['a.test:25@0']);
  });
});

describe("MailHop's bestMxElse rule", () => {
  const dest = 'mail.example.com:2525';

  it('delivers to the configured host:port when the relay is the best MX', () => {
    const t = topology({ dns: { 'example.com': { mx: mx('10 relay.test', '20 other.test') } }, hosts: [bestMxElse('relay.test', dest)] });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toEqual(['mail.example.com:2525@0']);
  });

  it('delivers to the destination when it shares the best preference with another host', () => {
    const t = topology({ dns: { 'example.com': { mx: mx('10 other.test', '10 relay.test') } }, hosts: [bestMxElse('relay.test', dest)] });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toEqual(['mail.example.com:2525@0']);
  });

  it('forwards to the best MX on port 25 when the relay is a worse MX', () => {
    const t = topology({ dns: { 'example.com': { mx: mx('20 relay.test', '10 filter.test') } }, hosts: [bestMxElse('relay.test', dest)] });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toEqual(['filter.test:25@0']);
  });

  it('forwards to the best MX when the relay is not in the MX list at all (the founding loop)', () => {
    const t = topology({ dns: { 'example.com': { mx: mx('10 filter.test', '20 backup.test') } }, hosts: [bestMxElse('relay.test', dest), byMx('filter.test')] });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toEqual(['filter.test:25@0']);
  });

  it('forwards to every best-preference MX, never to a worse one', () => {
    const t = topology({ dns: { 'example.com': { mx: mx('10 f1.test', '10 f2.test', '20 b.test') } }, hosts: [bestMxElse('relay.test', dest), byMx('f1.test')] });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toEqual(['f1.test:25@0', 'f2.test:25@0']);
  });

  it('treats the relay as best MX when it is the implicit MX of the domain', () => {
    const t = topology({ hosts: [bestMxElse('example.com', dest)] });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toEqual(['mail.example.com:2525@0']);
  });

  it('fails with 556 on a null MX like any MX route', () => {
    const t = topology({ dns: { 'example.com': { mx: mx('0 .') } }, hosts: [bestMxElse('relay.test', dest)] });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toBe('fail 556 5.1.10');
  });
});

describe('revision 1.1: null MX by software, unresolvable MX, self-recognition through CNAMEs', () => {
  const mixed = (software: Host['software']) =>
    topology({ dns: { 'example.com': { mx: mx('0 .', '10 a.test') } }, hosts: [byMx('a.test'), byMx('s.test', { software })] });

  it('bounces a null MX mixed with other records (generic, Postfix), but Exim ignores the null record', () => {
    for (const sw of ['generic', 'postfix'] as const) expect(hops(nextHop(mixed(sw), mixed(sw).hosts[1]!, 'x@example.com'))).toBe('fail 556 5.1.10');
    const t = mixed('exim');
    expect(hops(nextHop(t, t.hosts[1]!, 'x@example.com'))).toEqual(['a.test:25@0']);
  });

  it('bounces a lone null MX whatever the software', () => {
    const t = topology({ dns: { 'example.com': { mx: mx('0 .') } }, hosts: [byMx('s.test', { software: 'exim' })] });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toBe('fail 556 5.1.10');
  });

  it('bounces (550 5.4.4) when no MX target resolves, and keeps the list when one does', () => {
    const none = topology({ dns: { 'example.com': { mx: mx('10 gone1.test', '20 gone2.test') } }, hosts: [byMx('s.test')] });
    expect(hops(nextHop(none, none.hosts[0]!, 'x@example.com'))).toBe('fail 550 5.4.4');
    const one = topology({ dns: { 'example.com': { mx: mx('10 gone1.test', '20 a.test') } }, hosts: [byMx('s.test'), byMx('a.test')] });
    expect(hops(nextHop(one, one.hosts[0]!, 'x@example.com'))).toEqual(['gone1.test:25@0', 'a.test:25@1']);
    const outside = topology({ dns: { 'example.com': { mx: mx('10 ext.test') }, 'ext.test': { a: ['192.0.2.1'] } }, hosts: [byMx('s.test')] });
    expect(hops(nextHop(outside, outside.hosts[0]!, 'x@example.com'))).toEqual(['ext.test:25@0']);
  });

  it('recognises itself through a CNAME and truncates the list there (RFC 5321 §5.1, by address)', () => {
    const t = topology({
      dns: { 'example.com': { mx: mx('10 a.test', '20 alias.test', '30 c.test') }, 'alias.test': { cname: 'backup.test' } },
      hosts: [byMx('backup.test'), byMx('a.test'), byMx('c.test')],
    });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toEqual(['a.test:25@0']);
  });

  it("takes a relay listed under a CNAME for the best MX (MailHop's rule compares addresses too)", () => {
    const t = topology({ dns: { 'example.com': { mx: mx('10 alias.test') }, 'alias.test': { cname: 'relay.test' } }, hosts: [bestMxElse('relay.test', 'mail.example.com:2525')] });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toEqual(['mail.example.com:2525@0']);
  });
});

describe("MailHop's best-MX test agrees with routing", () => {
  it('an Exim relay that is best MX beside a null MX records to-destination, as it routes', async () => {
    const { isBestMx } = await import('../../models/machines/env.js');
    const t = topology({
      dns: { 'example.com': { mx: mx('0 .', '10 relay.test') } },
      hosts: [host('relay.test', { role: 'relay', route: { kind: 'bestMxElse', dest: hp('mail.example.com:2525') }, software: 'exim' }), host('mail.example.com')],
    });
    expect(hops(nextHop(t, t.hosts[0]!, 'x@example.com'))).toEqual(['mail.example.com:2525@0']);
    expect(isBestMx(envOf(t, 'relay.test'), 'x@example.com')).toBe(true);
  });
});
