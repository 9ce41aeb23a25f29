/**
 * The namespace's DNS server: dnsmasq on 127.0.0.1:53 inside the namespace, answering only from
 * the plan (the topology's MX and CNAME records, an address per staged host) and NXDOMAIN for
 * every other name (`--local=/#/`): it never forwards a query anywhere.
 */
import { RESOLVER_ADDRESS, type StagePlan } from './plan.js';

export function dnsmasqArgs(plan: StagePlan): string[] {
  return [
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--no-resolv',
    '--no-hosts',
    '--no-poll',
    '--pid-file=',
    `--listen-address=${RESOLVER_ADDRESS}`,
    '--bind-interfaces',
    '--port=53',
    '--user=root',
    '--log-facility=-',
    '--log-queries',
    '--cache-size=0',
    '--local=/#/',
    ...plan.dns.mx.map((r) => `--mx-host=${r.owner},${r.host},${r.preference}`),
    ...plan.dns.a.map((r) => `--host-record=${r.name},${r.address}`),
    ...plan.dns.cname.map((c) => `--cname=${c.alias},${c.target}`),
  ];
}

/** The namespace's /etc/resolv.conf and /etc/hosts (bind-mounted by `ip netns exec`). */
export const RESOLV_CONF = `# mxproof stage: the namespace's resolver is its own dnsmasq\nnameserver ${RESOLVER_ADDRESS}\noptions attempts:1 timeout:2\n`;
export const HOSTS_FILE = '127.0.0.1 localhost\n';
