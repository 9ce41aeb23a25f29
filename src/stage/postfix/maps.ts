/**
 * The lookup tables of a staged Postfix host, one concern each. All are `texthash:` or `cidr:`
 * files, which Postfix reads as text (no postmap, no database library).
 *
 *   transport     where accepted mail goes: own mailboxes → virtual(8); `routes` per domain; the
 *                 host's `route` for every other address (`*`). `to` is a list of `[host]:port`
 *                 next hops tried in order (Postfix ≥ 3.5); `mx` is the smtp client's own MX lookup.
 *   recipients    `verify: local | list`: the addresses that get 250 (everything else 550 5.1.1).
 *   allow-from    `allowFrom`: the allowed clients, then everyone else refused at connect with
 *                 `allowFromReply` (421 or 550).
 *   spam          `spam`: whitelisted clients pass, blocked ones are refused (550) or discarded at
 *                 end of DATA.
 *   mailboxes     virtual(8): each mailbox address → its mbox file under the host's mail directory.
 */
import type { HostPort, Route } from '../../../models/topology/types.js';
import { hostByName, type StageHost, type StagePlan } from '../plan.js';

export interface PostfixMaps {
  transport: string;
  recipients: string;
  allowFrom: string | null;
  spam: string | null;
  mailboxes: string;
}

/** The refusal every host gives an address its `verify` does not know (as in the Exim configuration). */
export function unknownRecipientReply(h: StageHost): string | null {
  switch (h.host?.verify) {
    case 'local':
      return '550 5.1.1 unknown user';
    case 'list':
      return '550 5.1.1 not on the recipient list';
    default:
      return null;
  }
}

const nextHop = (x: HostPort) => `[${x.host}]:${x.port}`;

/** A route as a transport(5) result (`smtp:` with no next hop: the recipient domain's MX). */
function transportOf(route: Route): string {
  switch (route.kind) {
    case 'local':
      return 'error:5.1.1 unknown user';
    case 'mx':
      return 'smtp:';
    case 'to':
      return `smtp:${route.to.map(nextHop).join(', ')}`;
    case 'bestMxElse':
      throw new Error('bestMxElse cannot be staged on Postfix (postfixCannot)');
  }
}

function addressOf(plan: StagePlan, name: string): string {
  const h = hostByName(plan, name);
  if (h === undefined) throw new Error(`no staged host ${name}`);
  return h.address;
}

const lines = (entries: readonly string[]) => entries.map((e) => `${e}\n`).join('');

export function postfixMaps(plan: StagePlan, h: StageHost): PostfixMaps {
  const host = h.host;
  const mailboxes = host?.mailboxes ?? [];
  const transport = [
    ...mailboxes.map((m) => `${m} virtual:`),
    ...Object.entries(host?.routes ?? {}).map(([domain, route]) => `${domain} ${transportOf(route)}`),
  ];
  const route = host?.route ?? { kind: 'mx' };
  if (route.kind !== 'mx') transport.push(`* ${transportOf(route)}`);

  const known = host?.verify === 'list' ? [...mailboxes, ...host.recipients] : mailboxes;
  const recipients = [...new Set(known)].map((a) => `${a} OK`);

  let allowFrom: string | null = null;
  if (host?.allowFrom !== null && host?.allowFrom !== undefined) {
    const who = host.allowFrom.join(', ') || 'nobody';
    const refusal =
      host.allowFromReply === 550
        ? `550 5.7.1 IP Authorization check failed: ${h.name} accepts connections only from ${who}`
        : `421 4.7.1 ${h.name} accepts connections only from ${who}`;
    allowFrom = lines([...host.allowFrom.map((n) => `${addressOf(plan, n)}/32 OK`), `0.0.0.0/0 ${refusal}`]);
  }

  let spam: string | null = null;
  const policy = host?.spam;
  if (policy !== null && policy !== undefined && policy.blocks.length > 0) {
    const verdict = policy.action === 'quarantine' ? 'DISCARD MXP quarantined: accepted and discarded (spam policy)' : '550 5.7.1 rejected as spam (the spam policy blocks your address)';
    spam = lines([...policy.whitelist.map((n) => `${addressOf(plan, n)}/32 DUNNO`), ...policy.blocks.map((n) => `${addressOf(plan, n)}/32 ${verdict}`)]);
  }

  return {
    transport: lines(transport),
    recipients: lines(recipients),
    allowFrom,
    spam,
    mailboxes: lines(mailboxes.map((m) => `${m} ${m}`)),
  };
}
