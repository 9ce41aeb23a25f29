/**
 * Writes the provider file of `npm run bench` (family.ts providerTopology: N customer domains) with
 * the last domain's mailbox server down for good, so eventual-delivery fails and its lasso walks
 * every message to an end of its own — the longest counterexample a provider file makes
 * (docs/performance.md, "A long lasso is kept as a tape").
 *
 *   node dist/src/bench/failingProvider.js 10000 /tmp/fail10000.yaml
 *   /usr/bin/time node dist/cli/mxproof.mjs check /tmp/fail10000.yaml --format json
 */
import { writeFileSync } from 'node:fs';
import { topologyToYaml } from '../../models/topology/write.js';
import { providerTopology } from './family.js';

const [count, out] = process.argv.slice(2);
const n = Number(count);
if (!Number.isSafeInteger(n) || n < 1 || out === undefined) {
  process.stderr.write('usage: node dist/src/bench/failingProvider.js DOMAINS OUT.yaml\n');
  process.exit(2);
}
const topology = providerTopology(n);
const mailbox = topology.hosts.filter((h) => h.role === 'mailbox').at(-1)!;
topology.network.faults[mailbox.name] = 'down';
writeFileSync(out, topologyToYaml(topology));
process.stdout.write(`${out}: ${n} domains, ${mailbox.name} down\n`);
