/**
 * Path properties of the file's own (FORMAT.md 1.1): `waypoint` — every message delivered (to the
 * `for` domains) was accepted by at least one of the hosts on its way; `avoid` — no such message
 * is ever accepted (250 after DATA) by one of the hosts. Both are safety properties over the
 * explored steps, so the breadth-first search gives the shortest run that breaks them.
 *
 * "Delivered" is FORMAT.md's: into a mailbox of a host, or handed to a server outside the model
 * (an external recipient's MX), the step that carries the `delivered` effect. "Accepted by" is the
 * set of hosts that took the message with 250 after DATA (`visited`), the delivering host included:
 * a waypoint over the mailbox host itself holds trivially.
 */
import { domainOf } from '../models/topology/parse.js';
import type { MailSystem } from '../models/system/mailSystem.js';
import type { PathProperty } from '../models/topology/types.js';
import type { SafetyMailProperty } from './types.js';

export function pathProperty(spec: PathProperty): SafetyMailProperty {
  const speaksOf = (system: MailSystem, message: number): boolean =>
    spec.for.length === 0 || spec.for.includes(domainOf(system.topology.messages[message]!.to));
  const hosts = new Set(spec.hosts);
  const names = orList(spec.hosts);
  const scope = spec.for.length === 0 ? '' : ` to ${orList(spec.for)}`;
  const notApplicable = (system: MailSystem): string | null =>
    system.topology.messages.some((_, i) => speaksOf(system, i)) ? null : `no message${scope} in the file`;

  if (spec.kind === 'avoid') {
    return {
      id: spec.id,
      kind: 'safety',
      summary: `no message${scope} is ever accepted by ${names}`,
      judges: ['accepted'],
      notApplicable,
      violation(effect, system) {
        if (effect.kind !== 'accepted' || !hosts.has(effect.host) || !speaksOf(system, effect.message)) return null;
        return `${effect.host} accepts the message for <${system.topology.messages[effect.message]!.to}> (250 after DATA), though \`${spec.id}\` says no message${scope} may reach it`;
      },
    };
  }
  return {
    id: spec.id,
    kind: 'safety',
    summary: `every message${scope} delivered was accepted by ${names} on its way`,
    judges: ['delivered'],
    notApplicable,
    violation(effect, system, after) {
      if (effect.kind !== 'delivered' || !speaksOf(system, effect.message)) return null;
      const passed = after.messages[effect.message]!.visited.map((h) => system.names[h]!);
      if (passed.some((h) => hosts.has(h))) return null;
      const way = passed.length === 0 ? 'no host of the model accepted it on the way' : `it passed only ${passed.join(', ')}`;
      return `the message for <${system.topology.messages[effect.message]!.to}> is delivered by ${effect.host} without passing ${names} (${way})`;
    },
  };
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
