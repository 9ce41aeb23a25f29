/**
 * Loading under a budget (issue 17): a huge file's YAML, validation and building ask the caller's
 * `stop` as they go, and a spent budget abandons the load with LoadStopped at the stage it reached.
 * The YAML is parsed step by step for it (lexer → parser → composer); it must read every file
 * exactly as yaml's parseDocument does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadTopology, LoadStopped, type LoadStage } from '../../models/topology/load.js';
import { check } from '../../src/api/check.js';
import { parseSource } from '../../models/topology/source.js';
import { ROOT } from '../helpers.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') || name.endsWith('.yml') ? [path] : [];
  });
}

/** A file of `n` plain hosts and one message: 1.8 MB at 100 000, seconds to load. */
function plainHosts(n: number): string {
  const lines = ['version: 1', 'dns:', '  example.com: { mx: ["10 mail.example.com"] }', 'hosts:', '  mail.example.com: { role: mailbox, mailboxes: [alice@example.com] }'];
  for (let i = 0; i < n; i++) lines.push(`  h${i}.test: {}`);
  lines.push('messages:', '  - { from: bob@sender.test, to: alice@example.com }');
  return lines.join('\n') + '\n';
}

/** The document's value, or what converting it throws (an alias to nowhere, in a bad fixture). */
function value(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: -1 });
  } catch (err) {
    return `throws: ${err instanceof Error ? err.message : String(err)}`;
  }
}

describe('the YAML parsed step by step', () => {
  // Bad files too: the errors (code, place) must be the library's own.
  const texts = [...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'test', 'fixtures'))].map((f) => readFileSync(f, 'utf8'));
  texts.push('a: 1\n---\nb: 2\n', 'hosts: [\n', 'x: &a [*a]\n', '', '# only a comment\n', 'a: 1\r\nb: 2\r\n');

  it('reads every file of the repository as parseDocument does: value, errors and line starts', () => {
    let compared = 0;
    for (const text of texts) {
      const ours = parseSource(text);
      const lines = new LineCounter();
      const theirs = parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: 'error', lineCounter: lines });
      expect(value(ours.doc)).toEqual(value(theirs));
      expect(ours.doc.errors.map((e) => [e.code, e.pos, e.message])).toEqual(theirs.errors.map((e) => [e.code, e.pos, e.message]));
      expect(ours.doc.range).toEqual(theirs.range);
      expect(ours.lines.lineStarts).toEqual(lines.lineStarts);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('a load under a budget', () => {
  const big = plainHosts(8_000);

  it('stops at the stage whose budget check finds it spent, and names that stage', () => {
    const stoppedAt = (spentAt: LoadStage): LoadStopped => {
      try {
        loadTopology(big, 'big.yaml', { stop: (stage) => (stage === spentAt ? 'timeout' : null) });
      } catch (err) {
        if (err instanceof LoadStopped) return err;
        throw err;
      }
      throw new Error(`not stopped at ${spentAt}`);
    };
    for (const stage of ['parsing', 'validating', 'building'] as const) {
      expect(stoppedAt(stage)).toMatchObject({ reason: 'timeout', stage });
    }
  });

  it('asks often while parsing a large file, so a budget stops it early', () => {
    let asked = 0;
    expect(() => loadTopology(big, 'big.yaml', { stop: () => (++asked === 10 ? 'interrupted' : null) })).toThrow(LoadStopped);
    expect(asked).toBe(10);
  });

  it('loads the same topology when the budget never runs out, and never throws without one', () => {
    let asked = 0;
    const budgeted = loadTopology(big, 'big.yaml', { stop: () => (asked++, null) });
    const plain = loadTopology(big, 'big.yaml');
    expect(budgeted).toEqual(plain);
    expect(plain.ok).toBe(true);
    // 8 000 hosts: a question every 4096 tokens and every 1024 hosts, and between the stages.
    expect(asked).toBeGreaterThan(20);
  });
});

describe('check() of a huge file under --timeout', () => {
  it('stops while loading it: every verdict inconclusive, the stage named, no topology', () => {
    // 100 000 hosts take seconds to read whatever the budget, before loading asked it.
    const outcome = check(plainHosts(100_000), { file: 'huge.yaml', timeoutMs: 50 });
    expect(outcome).toMatchObject({ ok: true, status: 'inconclusive', topology: null, result: { stats: { complete: false, stopReason: 'timeout', states: 0 } } });
    if (!outcome.ok) return;
    for (const p of outcome.result.properties) {
      expect(p.verdict).toBe('inconclusive');
      expect(p.reason).toMatch(/^stopped by the time limit \(50 ms\) while (parsing the file|validating the file|building the topology from the file); nothing was checked$/);
    }
  });
});
