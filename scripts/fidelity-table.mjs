// Prints docs/fidelity.md's scenario table from the suite's summary (test-artifacts/fidelity.json,
// written by test/fidelity/fidelity.test.ts): one row per scenario, a cell per MTA with each staged
// property as `mxproof/staged`, and the `software` that makes a disagreeing cell agree.
import { readFileSync } from 'node:fs';

const summary = JSON.parse(readFileSync(process.argv[2] ?? 'test-artifacts/fidelity.json', 'utf8'));
const PROPS = ['eventual-delivery', 'call-ahead-bounded', 'no-forwarding-loop', 'no-silent-loss', 'no-backscatter'];
const short = { holds: 'H', violated: 'V', 'not-applicable': '–', inconclusive: '?', 'not-staged': '·' };
const rows = new Map();
for (const s of summary.scenarios) {
  if (!rows.has(s.name)) rows.set(s.name, { name: s.name, file: s.file, cells: {} });
  rows.get(s.name).cells[s.mta] = s;
}
const cell = (s) => {
  if (s === undefined) return '—';
  const pairs = PROPS.map((p) => s.observed[p].split(' / ').map((v) => short[v] ?? v).join('/'));
  const text = pairs.join(' ');
  return s.disagree.length === 0 ? text : `**${text}** — agrees with \`software: ${s.agreesWith}\``;
};
const seconds = (s) => (s === undefined ? '–' : (s.ms / 1000).toFixed(1));
console.log('| # | scenario | Exim | Postfix | s (Exim / Postfix) |');
console.log('|---|---|---|---|---|');
let n = 0;
for (const r of rows.values()) {
  console.log(`| ${++n} | ${r.name} (\`${r.file.replace(/^test\/(fixtures|fidelity)\//, '')}\`) | ${cell(r.cells.exim)} | ${cell(r.cells.postfix)} | ${seconds(r.cells.exim)} / ${seconds(r.cells.postfix)} |`);
}
console.log(`\n${summary.scenarios.length} stagings in ${(summary.totalMs / 1000).toFixed(1)} s`);
