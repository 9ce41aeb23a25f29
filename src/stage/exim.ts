/**
 * One complete, self-contained Exim configuration per staged host, generated from the host's role
 * and options (FORMAT.md) — never the Debian configuration. docs/fidelity.md explains each mapping:
 *
 *   accepts / verify            RCPT ACL (`call-ahead` = `verify = recipient/callout`, `deferOk` = `defer_ok`)
 *   route local / mx / to       accept router + mailbox file / dnslookup / manualroute host::port
 *   route bestMxElse            MailHop's rule: dnslookup with `self = pass` (forwarding only to the
 *                               best-preference MX), then a manualroute to the configured host::port
 *   listen minus blocked ports  the daemon's local_interfaces
 *   allowFrom                   connect ACL: `defer` (421) or `drop` with 550, as `allowFromReply` says
 *   spam reject / quarantine    DATA ACL `deny` / `discard` on the client's address
 *   hopLimit                    received_headers_max
 *
 * Every decision worth reading in the log is written with a `MXP` logwrite.
 */
import type { Route } from '../../models/topology/types.js';
import { INJECTOR_ADDRESS, SUBMISSION_PORT, hostByName, type StageHost, type StagePlan } from './plan.js';

export interface EximSettings {
  /** The host's directory: spool, log and mailboxes live under it. */
  dir: string;
  user: string;
  group: string;
  /** Seconds a call-ahead (Exim callout) waits for each reply. */
  calloutTimeout: number;
  /** The daemon's limit on simultaneous incoming connections (ends a call-ahead loop). */
  acceptMax: number;
}

export const DEFAULT_EXIM_SETTINGS = { calloutTimeout: 5, acceptMax: 4 } as const;

/** The contents of the lsearch file that maps each mailbox to its file (an untainted path). */
export function mailboxFile(h: StageHost, dir: string): string {
  return (h.host?.mailboxes ?? []).map((m) => `"${m}": ${dir}/mail/${m}\n`).join('');
}

const list = (items: readonly string[]) => items.join(' : ');
const hostList = (items: readonly string[]) => `<; ${items.join(' ; ')}`;

function addressOf(plan: StagePlan, name: string): string {
  const h = hostByName(plan, name);
  if (h === undefined) throw new Error(`no staged host ${name}`);
  return h.address;
}

export function eximConfig(plan: StagePlan, h: StageHost, s: EximSettings): string {
  const interfaces = [...h.ports.map((p) => `${h.address}.${p}`), ...(h.submission ? [`${h.address}.${SUBMISSION_PORT}`] : [])];
  const hopLimit = h.hopLimit;
  const out: string[] = [
    `# mxproof stage: Exim configuration of ${h.name} (${h.host ? `role ${h.host.role}` : h.kind}), generated; self-contained.`,
    `primary_hostname = ${h.name}`,
    'timezone = UTC',
    `qualify_domain = ${h.name}`,
    `local_interfaces = <; ${interfaces.join(' ; ')}`,
    `# its staging address is "the local host" for routing (self-truncation, self = pass), nothing else`,
    `extra_local_interfaces = <; ${h.address}`,
    `spool_directory = ${s.dir}/spool`,
    `log_file_path = ${s.dir}/log/%slog`,
    `pid_file_path = ${s.dir}/exim.pid`,
    `exim_user = ${s.user}`,
    `exim_group = ${s.group}`,
    `never_users =`,
    `deliver_drop_privilege = true`,
    `keep_environment =`,
    `disable_ipv6 = true`,
    `tls_advertise_hosts =`,
    `host_lookup =`,
    `rfc1413_hosts =`,
    `dns_retrans = 1s`,
    `dns_retry = 1`,
    `delay_warning =`,
    `ignore_bounce_errors_after = 0s`,
    `smtp_accept_max = ${s.acceptMax}`,
    `smtp_accept_queue_per_connection = 0`,
    `smtp_receive_timeout = 30s`,
    `received_headers_max = ${hopLimit}`,
    `log_selector = +millisec +pid +smtp_connection +incoming_interface +outgoing_interface +outgoing_port +received_recipients -retry_defer`,
    `acl_smtp_connect = acl_connect`,
    `acl_smtp_rcpt = acl_rcpt`,
    `acl_smtp_data = acl_data`,
    '',
    'begin acl',
    '',
    ...connectAcl(plan, h),
    '',
    ...rcptAcl(h, s),
    '',
    ...dataAcl(plan, h),
    '',
    'begin routers',
    '',
    ...routers(h),
    'begin transports',
    '',
    'mxp_mailbox:',
    '  driver = appendfile',
    `  file = \${lookup{\${lc:$local_part@$domain}}lsearch{${s.dir}/mailboxes}}`,
    `  user = ${s.user}`,
    '  mode = 0600',
    '  envelope_to_add',
    '  return_path_add',
    '  delivery_date_add',
    '',
    'mxp_external:',
    '  driver = appendfile',
    `  file = ${s.dir}/mail/external`,
    `  user = ${s.user}`,
    '  envelope_to_add',
    '',
    'mxp_smtp:',
    '  driver = smtp',
    `  interface = ${h.address}`,
    '  connect_timeout = 5s',
    '  command_timeout = 60s',
    '  hosts_avoid_tls = *',
    '  hosts_avoid_pipelining = *',
    '  hosts_try_chunking = :',
    '  hosts_try_fastopen = :',
    '  hosts_try_prdr = :',
    '',
    'begin retry',
    '',
    '# retry at every queue run, never give up within a staging run (the model never expires a retry)',
    '*  *  F,7d,1s',
    '',
  ];
  return out.join('\n');
}

function connectAcl(plan: StagePlan, h: StageHost): string[] {
  const out = ['acl_connect:'];
  if (h.submission) out.push(`  accept  hosts = ${hostList([INJECTOR_ADDRESS])}`, `          condition = \${if ={$received_port}{${SUBMISSION_PORT}}}`);
  const allow = h.host?.allowFrom;
  if (allow !== null && allow !== undefined) {
    const allowed = allow.map((n) => addressOf(plan, n));
    const who = allow.join(', ') || 'nobody';
    if (h.host!.allowFromReply === 421) {
      out.push(
        `  defer   !hosts = ${allowed.length > 0 ? hostList(allowed) : ':'}`,
        `          message = 421 4.7.1 ${h.name} accepts connections only from ${who}`,
        `          log_message = MXP allowFrom refused $sender_host_address`,
      );
    } else {
      out.push(
        `  drop    !hosts = ${allowed.length > 0 ? hostList(allowed) : ':'}`,
        `          message = 550 5.7.1 IP Authorization check failed: ${h.name} accepts connections only from ${who}`,
        `          log_message = MXP allowFrom refused $sender_host_address`,
      );
    }
  }
  out.push('  accept');
  return out;
}

function rcptAcl(h: StageHost, s: EximSettings): string[] {
  const out = [
    'acl_rcpt:',
    '  warn    logwrite = MXP rcpt client=$sender_host_address port=$received_port sender=<$sender_address> rcpt=<$local_part@$domain>',
  ];
  if (h.submission) out.push(`  accept  hosts = ${hostList([INJECTOR_ADDRESS])}`, `          condition = \${if ={$received_port}{${SUBMISSION_PORT}}}`);
  if (h.kind === 'external') return [...out, '  accept'];
  const host = h.host;
  if (host === null) return [...out, '  deny    message = 550 5.7.1 relay access denied (the sending MTA takes mail only from the harness)'];
  if (!host.accepts.includes('*')) {
    out.push(`  deny    ${host.accepts.length > 0 ? `!domains = ${list(host.accepts)}` : ''}`, '          message = 550 5.7.1 relay access denied');
  }
  if (host.verify === 'none') return [...out, '  accept  logwrite = MXP rcpt-answer 250 domain-accepted'];
  if (host.mailboxes.length > 0) out.push(`  accept  recipients = ${list(host.mailboxes)}`, '          logwrite = MXP rcpt-answer 250 local-mailbox');
  switch (host.verify) {
    case 'local':
      return [...out, '  deny    message = 550 5.1.1 unknown user'];
    case 'list':
      if (host.recipients.length > 0) out.push(`  accept  recipients = ${list(host.recipients)}`, '          logwrite = MXP rcpt-answer 250 on-recipient-list');
      return [...out, '  deny    message = 550 5.1.1 not on the recipient list'];
    case 'call-ahead': {
      const options = [`${s.calloutTimeout}s`, 'no_cache', ...(host.deferOk ? ['defer_ok'] : [])].join(',');
      return [
        ...out,
        '  warn    logwrite = MXP call-ahead start rcpt=<$local_part@$domain>',
        `  require verify = recipient/callout=${options}`,
        '  accept  logwrite = MXP rcpt-answer 250 call-ahead-accepted callout=$callout_address',
      ];
    }
  }
}

function dataAcl(plan: StagePlan, h: StageHost): string[] {
  const out = ['acl_data:', '  warn    logwrite = MXP data client=$sender_host_address received_headers=$received_count'];
  if (h.submission) out.push(`  accept  hosts = ${hostList([INJECTOR_ADDRESS])}`);
  const spam = h.host?.spam;
  if (spam !== null && spam !== undefined && spam.blocks.length > 0) {
    const items = [...spam.whitelist.map((n) => `!${addressOf(plan, n)}`), ...spam.blocks.map((n) => addressOf(plan, n))];
    if (spam.action === 'quarantine') {
      out.push(`  discard hosts = ${hostList(items)}`, `          logwrite = MXP quarantined: mail from $sender_host_address is accepted and discarded (spam policy)`);
    } else {
      out.push(`  deny    hosts = ${hostList(items)}`, '          message = 550 5.7.1 rejected as spam (the spam policy blocks your address)');
    }
  }
  out.push('  accept');
  return out;
}

function routers(h: StageHost): string[] {
  const out: string[] = [];
  if (h.kind === 'external') {
    return ['mxp_external:', '  driver = accept', '  transport = mxp_external', ''];
  }
  const host = h.host;
  if (host !== null && host.mailboxes.length > 0) {
    out.push(
      'mxp_mailbox:',
      '  driver = accept',
      `  condition = \${if inlisti{$local_part@$domain}{${list(host.mailboxes)}}}`,
      '  transport = mxp_mailbox',
      '',
    );
  }
  const overrides = Object.entries(host?.routes ?? {});
  overrides.forEach(([domain, route], i) => out.push(...routeRouters(`d${i + 1}_`, route, domain)));
  const others = overrides.length === 0 ? null : `${overrides.map(([d]) => `!${d}`).join(' : ')} : *`;
  out.push(...routeRouters('', host?.route ?? { kind: 'mx' }, others));
  return out;
}

/** The routers for one route; `domains` restricts them (null = every domain). */
function routeRouters(prefix: string, route: Route, domains: string | null): string[] {
  const d = domains === null ? [] : [`  domains = ${domains}`];
  const hp = (x: { host: string; port: number }) => `${x.host}::${x.port}`;
  switch (route.kind) {
    case 'local':
      return [`${prefix}local_unknown:`, '  driver = redirect', ...d, '  allow_fail', '  data = :fail: 5.1.1 unknown user', ''];
    case 'mx':
      return [
        `${prefix}mx:`,
        '  driver = dnslookup',
        ...d,
        '  transport = mxp_smtp',
        '  # the best MX is this host itself: the model bounces (554 5.4.6, mail loops back to myself)',
        '  self = fail',
        '  no_more',
        '',
      ];
    case 'to':
      return [
        `${prefix}to:`,
        '  driver = manualroute',
        ...d,
        `  route_list = * "${route.to.map(hp).join(' : ')}" bydns`,
        '  hosts_randomize = false',
        '  transport = mxp_smtp',
        '  no_more',
        '',
      ];
    case 'bestMxElse': {
      // $address_data = the best preference; ignore_target_hosts drops the addresses of every worse
      // MX, so the relay forwards only to the best-preference MX and never falls back to a worse one
      // (a bare dnslookup router would). Both are computed by Exim from the live DNS answer.
      const mx = '${lookup dnsdb{>, mx=$domain}}';
      const pref = '${extract{1}{ }{$item}}';
      return [
        `${prefix}mailhop_best_mx:`,
        '  driver = dnslookup',
        ...d,
        '  # MailHop Relay: when this host is the best MX, pass to the destination router below;',
        '  # otherwise forward to the best-preference MX (port 25), even when this host is not listed.',
        `  address_data = \${reduce{<, ${mx}}{2147483647}{\${if <{${pref}}{$value}{${pref}}{$value}}}}`,
        `  ignore_target_hosts = <, \${map{<, \${filter{<, ${mx}}{>{${pref}}{$address_data}}}}{\${lookup dnsdb{>, a=\${extract{2}{ }{$item}}}}}}`,
        '  transport = mxp_smtp',
        '  self = pass',
        '  no_more',
        '',
        `${prefix}mailhop_destination:`,
        '  driver = manualroute',
        ...d,
        `  route_list = * "${hp(route.dest)}" bydns`,
        '  transport = mxp_smtp',
        '  no_more',
        '',
      ];
    }
  }
}

