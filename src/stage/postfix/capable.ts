/**
 * What Postfix can stage of a topology host. Everything the harness gives Postfix is built from
 * its own stock features (relay_domains, transport_maps, access tables, virtual(8) mailboxes);
 * two roles of the model have no faithful Postfix equivalent and stay on Exim:
 *
 *   verify: call-ahead   Postfix verifies a recipient with a probe message through its own queue
 *                        (reject_unverified_recipient), answers 450 while the probe is pending and
 *                        caches the result; the model's call-ahead is one synchronous, uncached SMTP
 *                        session per RCPT, which Exim's callout is.
 *   route: bestMxElse    MailHop's "best MX, else forward to the best MX only" has no Postfix setting.
 */
import type { Host, Route } from '../../../models/topology/types.js';

/** Why Postfix cannot run this host (empty when it can). */
export function postfixCannot(host: Host): string[] {
  const reasons: string[] = [];
  if (host.verify === 'call-ahead') reasons.push('verify: call-ahead (Postfix verifies through a queued, cached probe, not a synchronous call-ahead)');
  const routes: Route[] = [host.route, ...Object.values(host.routes)];
  if (routes.some((r) => r.kind === 'bestMxElse')) reasons.push("route bestMxElse (MailHop's best-MX rule has no Postfix setting)");
  return reasons;
}
