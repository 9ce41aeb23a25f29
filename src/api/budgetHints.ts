/**
 * Why a check got big, when a budget stopped it: what multiplies the space in this file, and what
 * to try. The state space of a mail system is (roughly) the product of each message's own run
 * lengths over the combinations of transient hosts that message can reach; what makes a run long
 * is a loop that only the hop limit ends (every hop a state) and call-ahead chains (every nested
 * session a state). The hints name those parts of the file.
 */
import { reachableTargets } from '../../models/system/independence.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import type { Topology } from '../../models/topology/types.js';
import type { CheckResult } from '../../properties/result.js';

/** A hop limit below this is not worth a hint: loops end soon enough. */
const LONG_HOP_LIMIT = 20;

/** `apart`: messages were checked one at a time (the reductions on), not as one product. */
export function budgetHints(topology: Topology, result: CheckResult, apart = true): string[] {
  if (result.stats.stopReason === undefined) return [];
  const system = new MailSystem(topology);
  const origins = system.initialStates()[0]!.messages.map((m) => m.holder);
  const reached = origins.map((origin, i) => reachableTargets(system, i, origin));
  const hints: string[] = [];

  const transient = system.transient.map((h) => topology.hosts[h]!.name);
  const sharing = transient.filter((name) => reached.filter((r) => r.has(system.names.indexOf(name))).length > 1);
  if (topology.messages.length > 1 && apart) {
    hints.push(`${topology.messages.length} messages are checked one at a time, each with the transient hosts it can reach, and the budget counts the states stored for all of them: \`--message N\` (1 to ${topology.messages.length}) gives one message the whole budget`);
  } else if (topology.messages.length > 1) {
    const shared = sharing.length === 0 ? '' : `; ${sharing.join(', ')} ${sharing.length === 1 ? 'is a transient host' : 'are transient hosts'} several of them can reach, so their runs interleave with each other's`;
    hints.push(`${topology.messages.length} messages are checked together (--no-reductions)${shared}: check one at a time with \`--message N\` (1 to ${topology.messages.length})`);
  }
  if (transient.length > 0) {
    hints.push(`${transient.length} transient ${transient.length === 1 ? 'host' : 'hosts'} (${transient.join(', ')}): every state comes in up to ${2n ** BigInt(transient.length)} fault combinations; a host that need not fail can lose its fault`);
  }
  const names = new Set(reached.flatMap((r) => [...r]).map((h) => system.names[h]!));
  const looping = result.properties.find((p) => p.id === 'no-forwarding-loop')?.verdict !== 'holds';
  const long = topology.hosts.filter((h) => names.has(h.name) && h.hopLimit >= LONG_HOP_LIMIT);
  if (looping && long.length > 0) {
    const most = Math.max(...long.map((h) => h.hopLimit));
    hints.push(`a forwarding loop, if there is one, runs until a hop limit ends it (up to ${most} here, ${long.map((h) => h.name).slice(0, 3).join(', ')}${long.length > 3 ? ', …' : ''}), every hop a state: a lower \`hopLimit\` (say 10) decides loops sooner`);
  }
  if (topology.hosts.some((h) => h.verify === 'call-ahead') && topology.limits.callAheadDepth > 8) {
    hints.push(`call-ahead chains are explored up to limits.callAheadDepth = ${topology.limits.callAheadDepth}; a smaller limit bounds them sooner (a chain cut there makes \`holds\` inconclusive, never wrong)`);
  }
  return hints;
}
