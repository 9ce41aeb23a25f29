/**
 * The namespace's DNS server: dnsmasq on 127.0.0.1:53 inside the namespace, answering only from
 * the plan (the topology's MX and CNAME records, an address per staged host) and NXDOMAIN for
 * every other name (`--local=/#/`): it never forwards a query anywhere.
 */
import { RESOLVER_ADDRESS, type StageDns, type StagePlan } from './plan.js';

export function dnsmasqArgs(plan: StagePlan): string[] {
  return dnsmasqServing(plan.dns);
}

/**
 * dnsmasq answering exactly `dns` at `listen`:53 (NXDOMAIN for every other name): the stage's
 * resolver, and the server `mxproof import dns` is tested against. An `a` address may be IPv6 (an
 * AAAA record); an MX host `.` with preference 0 is a null MX.
 */
export function dnsmasqServing(dns: StageDns, listen = RESOLVER_ADDRESS): string[] {
  return [
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--no-resolv',
    '--no-hosts',
    '--no-poll',
    '--pid-file=',
    `--listen-address=${listen}`,
    '--bind-interfaces',
    '--port=53',
    '--user=root',
    '--log-facility=-',
    '--log-queries',
    '--cache-size=0',
    '--local=/#/',
    ...dns.mx.map((r) => `--mx-host=${r.owner},${r.host},${r.preference}`),
    ...dns.a.map((r) => `--host-record=${r.name},${r.address}`),
    ...dns.cname.map((c) => `--cname=${c.alias},${c.target}`),
  ];
}

/** The namespace's /etc/resolv.conf and /etc/hosts (bind-mounted by `ip netns exec`). */
export const RESOLV_CONF = `# mxproof stage: the namespace's resolver is its own dnsmasq\nnameserver ${RESOLVER_ADDRESS}\noptions attempts:1 timeout:2\n`;
export const HOSTS_FILE = '127.0.0.1 localhost\n';
