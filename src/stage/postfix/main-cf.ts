/**
 * main.cf of a staged Postfix host: a complete configuration of its own (never /etc/postfix),
 * with its own config, queue and data directories under the run's directory and the program
 * directories of the unpacked package (docs/fidelity.md, "Running Postfix").
 */
import { INJECTOR_ADDRESS, type StageHost } from '../plan.js';
import { unknownRecipientReply, type PostfixMaps } from './maps.js';

export interface PostfixSettings {
  /** The host's directory: etc/, queue/, data/, mail/ live under it. */
  dir: string;
  /** Where the Debian package is unpacked (`dpkg -x`): usr/sbin, usr/lib/postfix. */
  root: string;
  /** uid and gid virtual(8) writes mailboxes as (the postfix user). */
  uid: number;
  gid: number;
}

export const postfixLibDir = (root: string) => `${root}/usr/lib/postfix`;

export function postfixMainCf(h: StageHost, s: PostfixSettings, maps: PostfixMaps): string {
  const host = h.host;
  const t = (name: string) => `texthash:${s.dir}/etc/${name}`;
  const accepts = host?.accepts ?? [];
  const unknown = unknownRecipientReply(h);
  const rcpt = [
    // Logs every RCPT it is given (client, sender, recipient): the observation's session record.
    'check_recipient_access static:{WARN MXP rcpt}',
    'reject_unauth_destination',
    ...(unknown === null ? [] : [`check_recipient_access ${t('recipients')}`, `check_recipient_access static:{${unknown}}`]),
    'check_recipient_access static:{INFO MXP rcpt-answer 250}',
    'permit',
  ];
  const out = [
    `# mxproof stage: Postfix configuration of ${h.name} (${host ? `role ${host.role}` : h.kind}), generated; self-contained.`,
    'compatibility_level = 3.6',
    '',
    '# Its own directories; the programs and libraries of the unpacked package.',
    `config_directory = ${s.dir}/etc`,
    `queue_directory = ${s.dir}/queue`,
    `data_directory = ${s.dir}/data`,
    `daemon_directory = ${s.root}/usr/lib/postfix/sbin`,
    `command_directory = ${s.root}/usr/sbin`,
    `meta_directory = ${s.root}/etc/postfix`,
    `shlib_directory = ${postfixLibDir(s.root)}`,
    '# The unpacked binaries look for their libraries in /usr/lib/postfix (RUNPATH): every daemon gets the right path.',
    `import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C LD_LIBRARY_PATH=${postfixLibDir(s.root)}`,
    '# postlogd writes to the master\'s stdout, which the harness timestamps to the millisecond.',
    'maillog_file = /dev/stdout',
    'maillog_file_prefixes = /dev/stdout',
    '',
    '# Who it is: its name, and only its staging address is "myself" (self-truncation: "loops back to myself").',
    `myhostname = ${h.name}`,
    'mydomain = stage.invalid',
    'myorigin = $myhostname',
    'mydestination =',
    `inet_interfaces = ${h.address}`,
    'inet_protocols = ipv4',
    `smtp_bind_address = ${h.address}`,
    `# Only the harness is "my network" (its submissions); every staged host is a stranger.`,
    `mynetworks = ${INJECTOR_ADDRESS}/32`,
    'parent_domain_matches_subdomains =',
    'smtpd_peername_lookup = no',
    'alias_maps =',
    'alias_database =',
    'biff = no',
    'append_dot_mydomain = no',
    'smtputf8_enable = no',
    'delay_warning_time = 0',
    '',
    '# accepts: relay_domains (relay refused with 550 5.7.1); ["*"]: every domain matches the static',
    '# table (Postfix refuses to start an smtpd without reject_unauth_destination or the like).',
    '# route and routes: transport_maps.',
    `relay_domains = ${accepts.includes('*') ? 'static:ALL' : accepts.join(', ')}`,
    'relay_domains_reject_code = 550',
    `transport_maps = ${t('transport')}`,
    'default_transport = smtp',
    'relay_transport = smtp',
    `virtual_mailbox_base = ${s.dir}/mail`,
    `virtual_mailbox_maps = ${t('mailboxes')}`,
    `virtual_uid_maps = static:${s.uid}`,
    `virtual_gid_maps = static:${s.gid}`,
    '',
    '# RCPT: accepts, then verify (local / list: 550 5.1.1 for an address it does not know).',
    'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
    `smtpd_recipient_restrictions = ${rcpt.join(', ')}`,
    ...(maps.allowFrom === null
      ? []
      : [
          '# allowFrom: refused at connect (the greeting) with allowFromReply, so no restriction waits for RCPT.',
          'smtpd_delay_reject = no',
          `smtpd_client_restrictions = check_client_access cidr:${s.dir}/etc/allow-from.cidr`,
        ]),
    ...(maps.spam === null ? [] : ['# spam: refused (550) or discarded at end of DATA, by client address.', `smtpd_end_of_data_restrictions = check_client_access cidr:${s.dir}/etc/spam.cidr`]),
    '',
    '# hopLimit: more Received: headers than this bounces the message (5.4.6).',
    `hopcount_limit = ${h.hopLimit}`,
    '',
    "# The client: Postfix's shipped limits (smtp_mx_address_limit = 5, smtp_mx_session_limit = 2,",
    '# smtp_skip_5xx_greeting = yes) are what the model\'s `software: postfix` stands for; left at default.',
    'smtp_connect_timeout = 5s',
    'smtp_address_preference = ipv4',
    'smtp_tls_security_level = none',
    'smtpd_tls_security_level = none',
    '',
    '# Retries: the harness runs the queue itself (postqueue -f, once a round). Backoff is 1 s, so a',
    '# message is always due when the harness asks; Postfix never starts a queue run of its own during',
    '# the (≤ 60 s) run, and never gives up on a message within it.',
    'queue_run_delay = 3600s',
    'minimal_backoff_time = 1s',
    'maximal_backoff_time = 1s',
    'maximal_queue_lifetime = 7d',
    'bounce_queue_lifetime = 7d',
    '',
  ];
  return out.join('\n');
}
