/**
 * master.cf of a staged Postfix host: one smtpd per topology port it listens on (`listen` minus
 * `network.blocked`, bound to its staging address: a blocked port has no listener, like Exim's),
 * a submission smtpd for the harness when it is the origin of a message, and the stock services,
 * none chrooted (the queue is under the run's directory, not /var/spool/postfix).
 */
import { INJECTOR_ADDRESS, SUBMISSION_PORT, type StageHost } from '../plan.js';

/** The services every instance needs (Debian's master.cf, chroot off; pickup because postqueue -f wakes it too). */
const STOCK = [
  'pickup    unix  n       -       n       60      1       pickup',
  'cleanup   unix  n       -       n       -       0       cleanup',
  'qmgr      unix  n       -       n       300     1       qmgr',
  'rewrite   unix  -       -       n       -       -       trivial-rewrite',
  'bounce    unix  -       -       n       -       0       bounce',
  'defer     unix  -       -       n       -       0       bounce',
  'trace     unix  -       -       n       -       0       bounce',
  'verify    unix  -       -       n       -       1       verify',
  'flush     unix  n       -       n       1000?   0       flush',
  'proxymap  unix  -       -       n       -       -       proxymap',
  'smtp      unix  -       -       n       -       -       smtp',
  'relay     unix  -       -       n       -       -       smtp',
  'showq     unix  n       -       n       -       -       showq',
  'error     unix  -       -       n       -       -       error',
  'retry     unix  -       -       n       -       -       error',
  'discard   unix  -       -       n       -       -       discard',
  'virtual   unix  -       n       n       -       -       virtual',
  'anvil     unix  -       -       n       -       1       anvil',
  'scache    unix  -       -       n       -       1       scache',
  'postlog   unix-dgram n  -       n       -       1       postlogd',
];

export function postfixMasterCf(h: StageHost): string {
  const out = [`# mxproof stage: Postfix master.cf of ${h.name}, generated.`];
  for (const port of h.ports) out.push(`${h.address}:${port} inet n - n - - smtpd`);
  if (h.submission) {
    // The harness's submission: only the harness connects (mynetworks), and it may send anywhere.
    out.push(
      `${h.address}:${SUBMISSION_PORT} inet n - n - - smtpd`,
      `  -o smtpd_client_restrictions=permit_mynetworks,reject`,
      `  -o smtpd_relay_restrictions=permit_mynetworks,reject`,
      `  -o smtpd_recipient_restrictions=permit_mynetworks,reject`,
      `  -o smtpd_end_of_data_restrictions=`,
      `  -o smtpd_delay_reject=yes`,
    );
  }
  out.push(...STOCK, `# only ${INJECTOR_ADDRESS} (the harness) ever submits`, '');
  return out.join('\n');
}
