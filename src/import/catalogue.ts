/**
 * Well-known mail services, recognised from the names in a domain's MX records, with the role and
 * the settings their public documentation gives them. Each entry cites that documentation; the
 * imported file repeats the citation in the host's comment, so a reader can check the assumption.
 * A user's own entries (a YAML file, userCatalogue.ts) come before these and win.
 */
import type { AllowFromReply, VerifyMode } from '../../models/topology/types.js';

/** What a recognised service is in FORMAT.md's vocabulary. */
export type ServiceRole = 'mailbox' | 'filter' | 'relay' | 'backup-mx';

export interface CatalogueEntry {
  id: string;
  name: string;
  /** MX target names it is recognised by: exact names or globs where `*` stands for any characters. */
  match: string[];
  role: ServiceRole;
  /** How it answers RCPT, as documented (the role's preset when absent). */
  verify?: VerifyMode;
  deferOk?: boolean;
  /**
   * A mailbox provider's documented IP lock: behind a filter it can be set to accept only the
   * filter's hosts, refusing others at connect with this code.
   */
  ipLock?: AllowFromReply;
  /** One sentence: what the documentation says, for the host's comment. */
  documented: string;
  docs: string[];
}

export const BUILT_IN_CATALOGUE: readonly CatalogueEntry[] = [
  {
    // Google Workspace MX values (smtp.google.com since 2023; ASPMX.L.GOOGLE.COM and ALT1..ALT4
    // before): https://support.google.com/a/answer/174125. Unknown users are refused at RCPT
    // ("550 5.1.1 The email account that you tried to reach does not exist"):
    // https://support.google.com/a/answer/3726730. Inbound gateway, "Reject all mail not from
    // gateway IPs": https://support.google.com/a/answer/60730.
    id: 'google-workspace',
    name: 'Google Workspace (Gmail)',
    match: ['smtp.google.com', 'aspmx.l.google.com', '*.aspmx.l.google.com', 'aspmx*.googlemail.com'],
    role: 'mailbox',
    verify: 'local',
    ipLock: 550,
    documented: 'holds the mailboxes and refuses unknown users at RCPT (550 5.1.1); behind an inbound gateway it can reject all mail not from the gateway IPs',
    docs: ['https://support.google.com/a/answer/174125', 'https://support.google.com/a/answer/3726730', 'https://support.google.com/a/answer/60730'],
  },
  {
    // Microsoft 365 MX <domain-with-dashes>.mail.protection.outlook.com (and *.mx.microsoft):
    // https://learn.microsoft.com/en-us/microsoft-365/enterprise/external-domain-name-system-records.
    // Directory-Based Edge Blocking refuses invalid recipients, "550 5.4.1 Recipient address
    // rejected: Access denied":
    // https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/use-directory-based-edge-blocking.
    // Behind a third-party filter, a partner inbound connector can reject mail not from the
    // filter's IP addresses (RestrictDomainsToIPAddresses):
    // https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/manage-mail-flow-using-third-party-cloud,
    // https://learn.microsoft.com/en-us/powershell/module/exchange/new-inboundconnector.
    id: 'microsoft-365',
    name: 'Microsoft 365 (Exchange Online Protection)',
    match: ['*.mail.protection.outlook.com', '*.mx.microsoft'],
    role: 'mailbox',
    verify: 'local',
    ipLock: 550,
    documented: 'holds the mailboxes and refuses invalid recipients at RCPT (Directory-Based Edge Blocking, 550 5.4.1); behind a filter an inbound connector can reject mail not from the filter',
    docs: [
      'https://learn.microsoft.com/en-us/microsoft-365/enterprise/external-domain-name-system-records',
      'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/use-directory-based-edge-blocking',
      'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/manage-mail-flow-using-third-party-cloud',
    ],
  },
  {
    // Proofpoint Essentials: MX at *.ppe-hosted.com; mail is passed on to the configured
    // destination; SMTP Discovery sends "a recipient verification request ... to the delivery
    // destination" and rejects what it refuses:
    // https://help.proofpoint.com/Proofpoint_Essentials/Email_Security/User_Topics/010_aboutproofpointessentials/SMTP_Discovery_Management.
    // Proofpoint's hosted enterprise service answers at *.pphosted.com.
    id: 'proofpoint',
    name: 'Proofpoint',
    match: ['*.ppe-hosted.com', '*.pphosted.com'],
    role: 'filter',
    verify: 'call-ahead',
    documented: 'a filtering service that delivers to the configured destination and verifies recipients with it first (SMTP Discovery)',
    docs: ['https://help.proofpoint.com/Proofpoint_Essentials/Email_Security/User_Topics/010_aboutproofpointessentials/SMTP_Discovery_Management'],
  },
  {
    // Mimecast: inbound MX at <region>-smtp-inbound-N.mimecast.com; recipient validation per
    // domain, one of the six kinds being "SMTP Call Forward" to the delivery route:
    // https://mimecastsupport.zendesk.com/hc/en-us/articles/34000546468371-Email-Security-Cloud-Gateway-Recipient-Validation-Technical-Concepts
    id: 'mimecast',
    name: 'Mimecast',
    match: ['*.mimecast.com'],
    role: 'filter',
    verify: 'call-ahead',
    documented: 'a filtering gateway that delivers to its delivery route; recipient validation by SMTP Call Forward to that route is one of its documented modes',
    docs: ['https://mimecastsupport.zendesk.com/hc/en-us/articles/34000546468371-Email-Security-Cloud-Gateway-Recipient-Validation-Technical-Concepts'],
  },
  {
    // Barracuda Email Gateway Defense (formerly Email Security Service), MX
    // <id>.ess.barracudanetworks.com; with the default policy for unmanaged users at "Scan" it
    // "use[s] your mail server for recipient verification":
    // https://campus.barracuda.com/product/emailgatewaydefense/doc/96773013/configuring-recipient-verification
    id: 'barracuda',
    name: 'Barracuda Email Gateway Defense',
    match: ['*.ess.barracudanetworks.com'],
    role: 'filter',
    verify: 'call-ahead',
    documented: 'a filtering service that uses your mail server for recipient verification unless a user list is kept',
    docs: ['https://campus.barracuda.com/product/emailgatewaydefense/doc/96773013/configuring-recipient-verification'],
  },
  {
    // Cisco Secure Email Cloud Gateway (IronPort), MX at *.iphmx.com; "SMTP Call-Ahead Recipient
    // Validation ... queries an external SMTP server before accepting incoming mail":
    // https://www.cisco.com/c/en/us/td/docs/security/esa/esa14-0-1/user_guide/b_ESA_Admin_Guide_14-0-1/b_ESA_Admin_Guide_12_1_chapter_011000.html
    id: 'cisco-secure-email',
    name: 'Cisco Secure Email (IronPort)',
    match: ['*.iphmx.com'],
    role: 'filter',
    verify: 'call-ahead',
    documented: 'a filtering gateway; SMTP Call-Ahead Recipient Validation asks the destination server before accepting a recipient',
    docs: ['https://www.cisco.com/c/en/us/td/docs/security/esa/esa14-0-1/user_guide/b_ESA_Admin_Guide_14-0-1/b_ESA_Admin_Guide_12_1_chapter_011000.html'],
  },
  {
    // Postini (Google Message Security, retired), MX <domain>.s<N>a<N>.psmtp.com; performs a
    // call-ahead to its configured destination (the founding article, DOMAIN.md).
    // MX format: http://support.sum.com/postini/
    id: 'postini',
    name: 'Postini (Google Message Security)',
    match: ['*.psmtp.com'],
    role: 'filter',
    verify: 'call-ahead',
    documented: 'a filtering service that calls ahead to its configured destination before accepting a recipient',
    docs: ['http://support.sum.com/postini/', 'http://www.dyndns.com/support/kb/relay.html'],
  },
  {
    // MailHop Relay (Dyn): mx1.mailhop.org as the primary MX, delivering to the configured host
    // and port (25, 2525, ...); "If mx1.mailhop.org is not listed as the primary mail server, and
    // it receives email, it will deliver this mail to the highest-Preference mail server without
    // processing it": http://www.dyndns.com/support/kb/relay.html,
    // http://www.dyndns.com/services/mailhop/relay_readme.html
    id: 'mailhop-relay',
    name: 'MailHop Relay',
    match: ['mx1.mailhop.org'],
    role: 'relay',
    verify: 'call-ahead',
    documented: 'delivers to the configured host and port when it is the best MX, else forwards to the best MX unprocessed; calls ahead unless a user list answers',
    docs: ['http://www.dyndns.com/support/kb/relay.html', 'http://www.dyndns.com/services/mailhop/relay_readme.html'],
  },
  {
    // MailHop Backup MX (Dyn): mx2.mailhop.org at a worse preference than the primary; holds mail
    // while the primary is down and redelivers it by MX: http://www.dyndns.com/support/kb/backupmx.html
    id: 'mailhop-backup-mx',
    name: 'MailHop Backup MX',
    match: ['mx2.mailhop.org'],
    role: 'backup-mx',
    verify: 'none',
    documented: 'a backup MX that queues mail while the better MX hosts are down and redelivers it to them',
    docs: ['http://www.dyndns.com/support/kb/backupmx.html'],
  },
];

/** True when `name` matches `pattern` (case-insensitive; `*` stands for any characters). */
export function matches(pattern: string, name: string): boolean {
  const glob = pattern.toLowerCase().replace(/\.$/, '');
  const re = new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);
  return re.test(name.toLowerCase().replace(/\.$/, ''));
}

/** The first entry that recognises one of `names` (the MX target as written, then its canonical name). */
export function recognise(catalogue: readonly CatalogueEntry[], names: readonly string[]): { entry: CatalogueEntry; name: string; pattern: string } | null {
  for (const entry of catalogue) {
    for (const name of names) {
      const pattern = entry.match.find((p) => matches(p, name));
      if (pattern !== undefined) return { entry, name, pattern };
    }
  }
  return null;
}
