/**
 * One benchmark measurement in a fresh process, so that its peak memory is its own: prints one
 * JSON line and exits. Run by bench.ts as `node worker.js <kind> <hosts> <domains> <messages> <transient>`
 * for the family, `node worker.js <kind> shared <messages>` for messages sharing two transient hosts
 * and `node worker.js <kind> migration` for the migration (family.ts); those two are checked at the
 * CLI's default budget, as a user meets them. `node worker.js <kind> provider <domains>` and
 * `node worker.js <kind> chain <hosts>` run the provider files and the host chains (family.ts).
 *
 * - `engine`: mxproof's verdict on the two properties SPIN checks, every state explored (no
 *   reduction); then, apart, the bytes a stored state costs.
 * - `reduced`: the same verdict with independent messages checked apart.
 * - `folded`: the same verdict with symmetric hosts folded (the family's equal-preference backups).
 * - `full`: `mxproof check` on every property (liveness included), as the CLI runs it.
 * - `safety`: `mxproof check` on the two properties SPIN checks, as the CLI runs it (messages
 *   apart and symmetric hosts folded).
 * - `full-product`: the same without the reduction: every state of the product, and its graph.
 * - `xstate`: `xstate/graph`'s getAdjacencyMap over the same composed logic.
 */
import { getAdjacencyMap } from 'xstate/graph';
import { explore } from '../checker/index.js';
import { MailSystem } from '../../models/system/mailSystem.js';
import { mailSystemLogic, mailSystemTraversal } from '../../models/system/logic.js';
import { checkTopology } from '../../properties/check.js';
import { DEFAULT_MAX_STATES } from '../api/budget.js';
import { chainTopology, familyTopology, migrationTopology, providerTopology, sharedFaultsTopology } from './family.js';

const [kind, ...dims] = process.argv.slice(2);
const named = dims[0] === 'shared' || dims[0] === 'migration';
const topology =
  dims[0] === 'shared'
    ? sharedFaultsTopology(Number(dims[1]))
    : dims[0] === 'provider'
      ? providerTopology(Number(dims[1]))
      : dims[0] === 'chain'
        ? chainTopology(Number(dims[1]))
        : dims[0] === 'migration'
          ? migrationTopology()
      : (() => {
          const [hosts, domains, messages, transient] = dims.map(Number) as [number, number, number, number];
          return familyTopology({ hosts, domains, messages, transient });
        })();
const SAFETY = ['call-ahead-bounded', 'no-forwarding-loop'] as const;

const peakMb = () => process.resourceUsage().maxRSS / 1024;
let out: Record<string, unknown>;
const t0 = performance.now();
if (kind === 'xstate') {
  const system = new MailSystem(topology);
  const adjacency = getAdjacencyMap(mailSystemLogic(system), mailSystemTraversal(system) as never) as unknown as Record<string, { transitions: Record<string, unknown> }>;
  const ms = performance.now() - t0;
  const states = Object.keys(adjacency).length;
  let transitions = 0;
  for (const key in adjacency) transitions += Object.keys(adjacency[key]!.transitions).length;
  out = { states, transitions, ms, peakMb: peakMb() };
} else {
  const options =
    kind === 'full'
      ? {}
      : kind === 'safety'
        ? { properties: SAFETY }
        : kind === 'full-product'
          ? { independentParts: false }
          : { properties: SAFETY, independentParts: kind === 'reduced', symmetry: kind === 'folded' };
  const result = checkTopology(topology, { ...options, maxStates: named ? DEFAULT_MAX_STATES : 100_000_000 });
  const ms = performance.now() - t0;
  // Exact counts past 2^53 go as decimal strings, as in the JSON report.
  const exact = (n: bigint | number) => (typeof n === 'bigint' ? n.toString() : n);
  out = {
    states: exact(result.stats.states),
    transitions: exact(result.stats.transitions),
    ms,
    peakMb: peakMb(),
    verdicts: Object.fromEntries(result.properties.map((p) => [p.id, p.verdict])),
    stored: result.stats.statesStored ?? exact(result.stats.states),
    statesLog10: result.stats.statesLog10 ?? null,
    complete: result.stats.complete,
  };
  if (kind === 'engine') {
    const again = explore(new MailSystem(topology), [], { maxStates: 100_000_000 });
    out.bytesPerState = again.storeBytes! / Number(again.states);
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
