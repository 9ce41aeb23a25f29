/** Words for the reason ids the machines record, as an SMTP reply line would carry them. */
const REASONS: Record<string, string> = {
  'relay-denied': '5.7.1 relay access denied',
  'domain-accepted': 'recipient accepted (no verification)',
  'local-mailbox': 'recipient is a local mailbox',
  'unknown-user': '5.1.1 user unknown',
  'no-route': 'no route to the recipient domain',
  'on-recipient-list': 'recipient is on the user list',
  'not-on-recipient-list': '5.1.1 recipient not on the user list',
  'call-ahead-accepted': 'call-ahead confirmed the recipient',
  'call-ahead-refused': '5.1.1 call-ahead rejected the recipient',
  'call-ahead-defer-ok': 'call-ahead failed temporarily; accepted anyway (deferOk)',
  'call-ahead-failed': '4.4.0 call-ahead failed temporarily',
  'hop-limit': '5.4.6 too many hops (Received headers): mail loop',
  quarantined: 'accepted, then quarantined as spam',
  'spam-rejected': '5.7.1 message refused as spam',
  accepted: 'message accepted for delivery',
  'no-connection': 'no next hop could be reached; deferred',
  'ip-lock': '5.7.1 IP Authorization check failed (allowFrom)',
  'ip-lock-temporary': '4.7.1 not allowed to connect now (allowFrom)',
};

export function reasonText(reason: string): string {
  return REASONS[reason] ?? reason;
}

export function replyLine(code: number, reason: string): string {
  return `${code} ${reasonText(reason)}`;
}
