/**
 * The hostile-input benchmark (issue 17): each case is a file or an argument built to blow a budget
 * up — huge files, thousands of messages, long paths, hop limits past reason, thousands of MX
 * records, CR-only line endings — run through the built CLI as a child process. For each: the
 * exit code, wall time and peak resident memory, so a note can say every case ends within its
 * budget (a verdict, exit 3 or a refusal with exit 2) and under the documented memory bound.
 * Cases marked with `interruptAfterMs` get a Ctrl-C (SIGINT) that long after they start: they
 * should print their partial report and exit 130.
 * Run: `npm run bench:hostile` (builds first). Prints a table; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'cli', 'mxproof.mjs');
const preload = join(root, 'scripts', 'rss-on-exit.cjs');
const dir = mkdtempSync(join(tmpdir(), 'mxproof-hostile-'));

const header = ['version: 1', 'dns:', '  example.com: { mx: ["10 mail.example.com"] }', 'hosts:', '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }'];
const message = '  - { from: bob@sender.test, to: alice@example.com }';

function file(name: string, lines: readonly string[], eol = '\n'): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join(eol) + eol);
  return path;
}

const plainHosts = (n: number) => file(`hosts-${n}.yaml`, [...header, ...Array.from({ length: n }, (_, i) => `  h${i}.test: {}`), 'messages:', message]);
const messages = (n: number) => file(`messages-${n}.yaml`, [...header, 'messages:', ...Array.from({ length: n }, () => message)]);
const example4 = readFileSync(join(root, 'examples', 'postini-mailhop-verify-none.yaml'), 'utf8');
const hopLimit = (n: number) => {
  const path = join(dir, `hop-limit-${n}.yaml`);
  writeFileSync(path, example4.replace(/^expect:[\s\S]*$/m, '').replace(/role: filter\n/, `role: filter\n    hopLimit: ${n}\n`));
  return path;
};
const manyMx = (n: number) =>
  file(`mx-${n}.yaml`, [
    'version: 1',
    'dns:',
    `  example.com: { mx: [${Array.from({ length: n }, (_, i) => `"${10 + i} mx${i}.example.net"`).join(', ')}] }`,
    ...Array.from({ length: n }, (_, i) => `  mx${i}.example.net: { a: ["192.0.2.${(i % 250) + 1}"] }`),
    'hosts:',
    '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }',
    'messages:',
    message,
  ]);
const crOnly = file('cr-only.yaml', [...header, 'messages:', message], '\r');
/** `n` domains of five MX records each: a large map that loads. */
const manyDomains = (n: number) =>
  file(`domains-${n}.yaml`, [
    'version: 1',
    'dns:',
    ...Array.from({ length: n }, (_, d) => [
      `  d${d}.example: { mx: [${[0, 1, 2, 3, 4].map((k) => `"${10 + k} mx${k}.d${d}.example"`).join(', ')}] }`,
      ...[0, 1, 2, 3, 4].map((k) => `  mx${k}.d${d}.example: { a: ["192.0.2.${((d * 5 + k) % 250) + 1}"] }`),
    ]).flat(),
    'hosts:',
    '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }',
    'messages:',
    '  - { from: bob@sender.test, to: alice@d0.example }',
  ]);
// The symmetry fixture with a third message: 13.8 M states unreduced, long enough to interrupt.
const slow = file('slow.yaml', [readFileSync(join(root, 'test', 'fixtures', 'symmetry', 'equal-filters.yaml'), 'utf8').trimEnd(), '  - { from: "y@sender.test", to: "alice@example.com" }']);

/** `interruptAfterMs`: Ctrl-C (SIGINT) that long after the start; the time column then includes it. */
const cases: { name: string; args: string[]; interruptAfterMs?: number }[] = [
  { name: '100 000 plain hosts, one message (1.8 MB)', args: ['check', plainHosts(100_000), '--quiet'] },
  { name: 'the same, --timeout 5 --max-states 100', args: ['check', plainHosts(100_000), '--quiet', '--timeout', '5', '--max-states', '100'] },
  { name: 'the same, --timeout 1', args: ['check', plainHosts(100_000), '--quiet', '--timeout', '1'] },
  { name: 'the same, Ctrl-C after 1 s', args: ['check', plainHosts(100_000), '--quiet'], interruptAfterMs: 1_000 },
  { name: '13.8 M states, Ctrl-C after 3 s, JSON', args: ['check', slow, '--no-reductions', '--format', 'json'], interruptAfterMs: 3_000 },
  { name: '13.8 M states, Ctrl-C after 3 s, SARIF', args: ['check', slow, '--no-reductions', '--format', 'sarif'], interruptAfterMs: 3_000 },
  { name: '5 000 identical messages', args: ['check', messages(5_000), '--quiet'] },
  { name: '10 000 identical messages', args: ['check', messages(10_000), '--quiet'] },
  { name: '5 000 messages, --max-states 5000', args: ['check', messages(5_000), '--quiet', '--max-states', '5000'] },
  { name: 'FORMAT example 4, hopLimit 400 000', args: ['check', hopLimit(400_000), '--format', 'sarif'] },
  { name: 'FORMAT example 4, hopLimit 1 000, SARIF', args: ['check', hopLimit(1_000), '--format', 'sarif'] },
  { name: 'FORMAT example 4, hopLimit 1 000, JSON', args: ['check', hopLimit(1_000), '--format', 'json'] },
  { name: 'FORMAT example 4, hopLimit 1 000, text', args: ['check', hopLimit(1_000)] },
  { name: 'replay 0:0*10000000', args: ['replay', join(root, 'examples', 'postini-mailhop.yaml'), '0:0*10000000'] },
  { name: 'replay 0:0*100000', args: ['replay', join(root, 'examples', 'postini-mailhop.yaml'), '0:0*100000'] },
  { name: '5 000 MX records, diagram --format svg', args: ['diagram', manyMx(5_000), '--kind', 'topology', '--format', 'svg'] },
  { name: '31 MX records, diagram --format svg', args: ['diagram', manyMx(31), '--kind', 'topology', '--format', 'svg'] },
  { name: '5 000 MX in 1 000 domains, check', args: ['check', manyDomains(1_000), '--quiet'] },
  { name: '5 000 MX in 1 000 domains, diagram svg', args: ['diagram', manyDomains(1_000), '--kind', 'topology', '--format', 'svg'] },
  { name: '5 000 MX in 1 000 domains, docs', args: ['docs', manyDomains(1_000), '--out', join(dir, 'docs')] },
  { name: '1 000 MX in 200 domains, diagram svg', args: ['diagram', manyDomains(200), '--kind', 'topology', '--format', 'svg'] },
  { name: 'CR-only line endings', args: ['check', crOnly] },
];

/** Runs the bin on a case, sending Ctrl-C when the case asks; what spawnSync cannot (it closes the pipes on its timeout). */
function runCase(c: (typeof cases)[number], env: NodeJS.ProcessEnv): Promise<{ status: number | null; signal: NodeJS.Signals | null; bytes: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', preload, bin, ...c.args], { env });
    let bytes = 0;
    child.stdout.on('data', (d: Buffer) => (bytes += d.length));
    child.stderr.on('data', (d: Buffer) => (bytes += d.length));
    const killer = setTimeout(() => child.kill(c.interruptAfterMs === undefined ? 'SIGKILL' : 'SIGINT'), c.interruptAfterMs ?? 600_000);
    child.on('close', (status, signal) => {
      clearTimeout(killer);
      resolve({ status, signal, bytes });
    });
  });
}

console.log(`hostile inputs through ${bin} (files in ${dir})`);
console.log('case'.padEnd(44) + 'exit  seconds  peak RSS  output');
for (const c of cases) {
  const rssFile = join(dir, 'rss');
  rmSync(rssFile, { force: true });
  const t0 = performance.now();
  const r = await runCase(c, { ...process.env, MXPROOF_RSS_FILE: rssFile });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  let rss = 'not written (killed?)';
  try {
    rss = `${Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024)} MB`;
  } catch {
    // the child died before its exit handler ran
  }
  const out = `${r.bytes} bytes`;
  const exit = r.status ?? `signal ${r.signal}`;
  console.log(`${c.name.padEnd(44)}${String(exit).padEnd(6)}${seconds.padStart(7)}  ${rss.padStart(8)}  ${out}`);
}
rmSync(dir, { recursive: true, force: true });
