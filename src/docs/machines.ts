/**
 * The statechart of every role, and of the call-ahead session, read from the machines the checker
 * runs (models/roles registers them). A built-in role's machine is built for a placeholder host of
 * the role: its states, events and guards do not depend on which host (guards close over it, the
 * structure does not). A config role's machine may read its host's options or tags while it is
 * built, so it is drawn for the first host of the topology that plays it.
 */
import { callAheadMachine } from '../../models/machines/index.js';
import type { HostEnv } from '../../models/machines/env.js';
import { BUILT_IN_ROLES } from '../../models/roles/builtIn.js';
import { roleOf } from '../../models/roles/registry.js';
import { hostEnv } from '../../models/roles/hostEnv.js';
import type { RoleDefinition } from '../../models/roles/types.js';
import type { BuiltInRole, Host, Role, Topology } from '../../models/topology/types.js';
import { plainHost } from '../../models/topology/plainHost.js';
import { statechartOf, type Statechart } from '../report/statechart.js';

export const ROLES: BuiltInRole[] = BUILT_IN_ROLES.map((r) => r.id);

/** What each built-in chart is, in a sentence for the pages that show it (a config role's is its `note`). */
export const CHART_NOTES: Record<BuiltInRole | 'call-ahead', string> = {
  ...(Object.fromEntries(BUILT_IN_ROLES.map((r) => [r.id, r.note])) as Record<BuiltInRole, string>),
  'call-ahead': 'A call-ahead: the verifying host’s fresh SMTP session to its next hop (HELO, MAIL FROM:<>, RCPT TO, QUIT).',
};

function placeholderEnv(role: RoleDefinition): HostEnv {
  const host: Host = plainHost(`${role.id}.invalid`, { role: role.id, route: { kind: 'local' }, hopLimit: 25 });
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
  return { topology, host, role };
}

/** The environment a role's chart is drawn in: a placeholder host, or the topology's first host of a config role. */
function envFor(role: RoleDefinition, topology: Topology | null): HostEnv {
  const host = topology?.hosts.find((h) => h.role === role.id);
  return host !== undefined && topology!.roles?.has(role.id) ? hostEnv(topology!, host) : placeholderEnv(role);
}

/**
 * The charts of the given roles (default: every built-in role), followed by the call-ahead session's
 * when asked. A config role is drawn from `topology`, which registered it.
 */
export function roleStatecharts(roles: readonly Role[] = ROLES, withCallAhead = true, topology: Topology | null = null): Statechart[] {
  const charts = roles.map((id) => {
    const role = roleOf(topology ?? {}, id);
    return statechartOf(role.machine(envFor(role, topology)), id);
  });
  if (withCallAhead) charts.push(statechartOf(callAheadMachine(placeholderEnv(roleOf({}, 'mta'))), 'call-ahead'));
  return charts;
}

/** The sentence shown beside a role's chart. */
export function chartNote(title: string, topology: Topology | null = null): string {
  return CHART_NOTES[title as BuiltInRole | 'call-ahead'] ?? topology?.roles?.get(title)?.note ?? '';
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
