/**
 * `mxproof import dns` against a real DNS server: dnsmasq on the loopback of a network namespace
 * this suite makes (the stage harness's Namespace and dnsmasq arguments), serving the shapes of
 * shapes.ts, queried by the real CLI run inside the namespace. A second dnsmasq there validates
 * DNSSEC against a root key that signs nothing, so every answer it gives is SERVFAIL; a domain
 * forwarded to a port where nothing listens times out. Skipped without root, `ip` or dnsmasq.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTopology, loadTopologyFile } from '../../models/topology/load.js';
import type { Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import { importZone } from '../../src/import/index.js';
import { dnsmasqServing, HOSTS_FILE, RESOLV_CONF } from '../../src/stage/dnsmasq.js';
import { Namespace, type RunResult } from '../../src/stage/netns.js';
import { ROOT } from '../helpers.js';
import { needsTools } from '../tools.js';
import { bundleCli } from './bundle.js';
import { SHAPES, shapesDns } from './shapes.js';

const ready = needsTools('import dns against dnsmasq in a network namespace', 'root', 'ip', 'dnsmasq');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The topology without what differs by where it came from (file name, source positions). */
const essence = (t: Topology) => ({ ...t, file: '', positions: {} });

describe.runIf(ready)('import dns, against dnsmasq on loopback in a namespace of its own', () => {
  let ns: Namespace;
  let cli: Awaited<ReturnType<typeof bundleCli>>;
  let dir: string;

  const mxproof = (...args: string[]): Promise<RunResult> => ns.run(['node', cli.path, ...args], 30_000);

  beforeAll(async () => {
    cli = await bundleCli();
    dir = mkdtempSync(join(tmpdir(), 'mxproof-import-'));
    ns = await Namespace.create({ resolvConf: RESOLV_CONF, hosts: HOSTS_FILE, addresses: ['127.0.0.2'] });
    const main = [...dnsmasqServing(shapesDns()), '--server=/slow.example.test/127.0.0.9#5353'];
    ns.spawn(['dnsmasq', ...main], 'ignore');
    // A validating resolver whose only trust anchor is a root key nothing is signed with: every
    // answer it gets from the first dnsmasq is bogus, and it says SERVFAIL.
    const validating = dnsmasqServing({ mx: [], a: [], cname: [] }, '127.0.0.2')
      .filter((a) => a !== '--local=/#/' && a !== '--cache-size=0')
      .concat(['--server=127.0.0.1', '--dnssec', `--trust-anchor=.,12345,8,2,${'0'.repeat(64)}`]);
    ns.spawn(['dnsmasq', ...validating], 'ignore');
    for (let i = 0; i < 50; i++) {
      const probe = await mxproof('import', 'dns', 'single.example.test', '--server', '127.0.0.1');
      if (probe.code === 0) return;
      await sleep(100);
    }
    throw new Error('dnsmasq did not start answering in the namespace');
  }, 60_000);

  afterAll(async () => {
    if (ns !== undefined) expect(await ns.destroy()).toEqual([]);
    cli?.remove();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it.each(SHAPES.map((s) => [s.domain, s] as const))('imports %s into a file check loads, flagged by dns-well-formed exactly when broken', async (_, shape) => {
    const out = join(dir, `${shape.domain}.yaml`);
    const r = await mxproof('import', 'dns', shape.domain, '--server', '127.0.0.1', '--out', out);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.stringContaining(`wrote ${out}`) });
    const loaded = loadTopologyFile(out);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const verdict = checkTopology(loaded.topology, { properties: ['dns-well-formed'] }).properties[0]!.verdict;
    expect(verdict).toBe(shape.broken ? 'violated' : 'holds');
  });

  it('imports every shape at once, and a zone file of the same shapes gives the same topology', async () => {
    const out = join(dir, 'all.yaml');
    const r = await mxproof('import', 'dns', ...SHAPES.map((s) => s.domain), '--server', '127.0.0.1', '--out', out);
    expect(r.code).toBe(0);
    const live = loadTopologyFile(out);
    if (!live.ok) throw new Error(JSON.stringify(live.errors));
    const result = checkTopology(live.topology, { properties: ['dns-well-formed'] }).properties[0]!;
    const flagged = new Set((result.problems ?? []).map((p) => /^\/dns\/([^/]+)/.exec(p.pointer)?.[1]));
    expect([...flagged].sort()).toEqual(SHAPES.filter((s) => s.broken).map((s) => s.domain).sort());

    const zoneFile = join(ROOT, 'test', 'fixtures', 'import', 'shapes.zone');
    const zone = importZone(readFileSync(zoneFile, 'utf8'), zoneFile, { domains: SHAPES.map((s) => s.domain) });
    const fromZone = loadTopology(zone.text, 'zone.yaml');
    if (!fromZone.ok) throw new Error(JSON.stringify(fromZone.errors));
    expect(essence(fromZone.topology)).toEqual(essence(live.topology));
  });

  it('reports what the records say about the broken shapes on stderr, and the full check runs', async () => {
    const out = join(dir, 'notes.yaml');
    const r = await mxproof('import', 'dns', 'literal.example.test', 'dangling.example.test', 'implicit.example.test', '--server', '127.0.0.1', '--out', out);
    expect(r.stderr).toContain('note: MX of literal.example.test names the address 192.0.2.28, not a host');
    expect(r.stderr).toContain('note: MX 20 gone.dangling.example.test of dangling.example.test has no address: a dangling MX');
    expect(r.stderr).toContain('note: implicit.example.test has no MX record: its own address is its implicit MX');
    const check = await mxproof('check', out);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/dns-well-formed\s+violated/);
    expect(check.stdout).toMatch(/eventual-delivery\s+holds/);
  });

  it('writes each host with a comment saying where it came from and what is assumed', async () => {
    const r = await mxproof('import', 'dns', 'filtered.example.test', 'alias.example.test', '--server', '127.0.0.1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# mx1-eu1.ppe-hosted.com: from MX 10 mx1-eu1.ppe-hosted.com of filtered.example.test.');
    expect(r.stdout).toMatch(/# Recognised as Proofpoint \(\*\.ppe-hosted\.com\)/);
    expect(r.stdout).toMatch(/# Assumed, as documented for it behind a filter: accepts connections only from the filter/);
    expect(r.stdout).toContain('# real.alias.example.test: from MX 10 mx.alias.example.test of alias.example.test.');
    expect(r.stdout).toContain('It is the end of a CNAME chain');
    const loaded = loadTopology(r.stdout, 'stdout.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const provider = loaded.topology.hosts.find((h) => h.name === 'filtered-example-test.mail.protection.outlook.com')!;
    expect({ role: provider.role, allowFrom: provider.allowFrom, reply: provider.allowFromReply }).toEqual({ role: 'mailbox', allowFrom: ['mx1-eu1.ppe-hosted.com'], reply: 550 });
  });

  const noTrace = (r: RunResult) => expect(r.stderr).not.toMatch(/^\s+at /m);

  it('says NXDOMAIN for a domain that does not exist, and exits 2', async () => {
    const r = await mxproof('import', 'dns', 'nowhere.example.test', '--server', '127.0.0.1');
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr).toBe('mxproof: DNS lookup failed: nowhere.example.test does not exist (NXDOMAIN from DNS server 127.0.0.1)\n');
  });

  it('says SERVFAIL when the server fails, and exits 2', async () => {
    const r = await mxproof('import', 'dns', 'single.example.test', '--server', '127.0.0.2');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mxproof: DNS lookup failed: SERVFAIL for \S+ single\.example\.test from DNS server 127\.0\.0\.2/);
    noTrace(r);
  });

  it('says so when no answer comes in time, and exits 2', async () => {
    const r = await mxproof('import', 'dns', 'slow.example.test', '--server', '127.0.0.1', '--timeout', '0.5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mxproof: DNS lookup failed: no answer for \S+ slow\.example\.test from DNS server 127\.0\.0\.1 in time \(timeout\)\n$/);
  });

  it('says so when no DNS server is there, and exits 2', async () => {
    const r = await mxproof('import', 'dns', 'single.example.test', '--server', '127.0.0.1:5354', '--timeout', '0.5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mxproof: DNS lookup failed: /);
    noTrace(r);
  });
});
