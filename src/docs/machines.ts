/**
 * The statechart of every role, and of the call-ahead session, read from the machines the checker
 * runs (models/machines). A role's machine is built for a host; its states, events and guards do
 * not depend on which host (guards close over it, the structure does not), so a placeholder host
 * of the role stands in.
 */
import { callAheadMachine, ROLE_MACHINES } from '../../models/machines/index.js';
import type { HostEnv } from '../../models/machines/env.js';
import type { Host, Role, Topology } from '../../models/topology/types.js';
import { plainHost } from '../../models/topology/plainHost.js';
import { statechartOf, type Statechart } from '../report/statechart.js';

export const ROLES = Object.keys(ROLE_MACHINES) as Role[];

/** What each chart is, in a sentence for the pages that show it. */
export const CHART_NOTES: Record<Role | 'call-ahead', string> = {
  mailbox: "The customer's own server: final delivery for its mailboxes; other mail by its route.",
  relay: 'MailHop-style relay: the best-preference MX delivers to its destination, any other forwards to the best MX.',
  filter: 'Postini-style filtering service: accepts registered domains and always delivers to its configured destination.',
  'backup-mx': 'Backup MX: queues while better MX hosts are down and forwards to them by MX.',
  mta: 'Any other mail server, and the sending MTA: routes by MX, defers on 4xx, bounces on 5xx.',
  'call-ahead': 'A call-ahead: the verifying host’s fresh SMTP session to its next hop (HELO, MAIL FROM:<>, RCPT TO, QUIT).',
};

function placeholderEnv(role: Role): HostEnv {
  const host: Host = plainHost(`${role}.invalid`, { role, route: { kind: 'local' }, hopLimit: 25 });
  const topology: Topology = {
    version: 1,
    file: '(statechart)',
    dns: {},
    hosts: [host],
    network: { blocked: [], faults: {} },
    messages: [],
    defaults: { software: 'generic' },
    limits: { callAheadDepth: 8 },
    properties: [],
    expect: {},
    positions: {},
  };
  return { topology, host };
}

/** The charts of the given roles (default: every role), followed by the call-ahead session's when asked. */
export function roleStatecharts(roles: readonly Role[] = ROLES, withCallAhead = true): Statechart[] {
  const charts = roles.map((role) => statechartOf(ROLE_MACHINES[role](placeholderEnv(role)), role));
  if (withCallAhead) charts.push(statechartOf(callAheadMachine(placeholderEnv('mta')), 'call-ahead'));
  return charts;
}

/**
 * The roles a topology's hosts play, in order of first appearance (the implicit sender of a message
 * without `via` runs the mta machine), and whether any host calls ahead.
 */
export function rolesOf(topology: Topology): { roles: Role[]; callAhead: boolean } {
  const sender: Role[] = topology.messages.some((m) => m.via === null) ? ['mta'] : [];
  return {
    roles: [...new Set([...sender, ...topology.hosts.map((h) => h.role)])],
    callAhead: topology.hosts.some((h) => h.verify === 'call-ahead'),
  };
}
