/**
 * Hostile input through every text a user reads: fast-check puts strings made of control, bidi and
 * NUL characters, markup and quotes into a working topology's addresses, host names, domains, MX
 * targets and file name. Loading never throws; what does not load names its problem in a load error
 * with every character visible; what loads checks and renders in text, JSON, JUnit, SARIF and
 * Markdown with no raw control character anywhere. The law counts both outcomes, so it cannot pass
 * on nothing. Fixed seed here; `MXPROOF_HOSTILE_RUNS=N` for a larger run.
 */
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatLoadError, loadTopology } from '../../models/topology/load.js';
import { checkTopology } from '../../properties/check.js';
import { renderCheckJson } from '../../src/report/json.js';
import { renderJUnit } from '../../src/report/junit.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderCheckText } from '../../src/report/text.js';
import { checkStatus } from '../../src/api/check.js';

/** Raw control, bidi and NUL characters (a line break excepted): what must never reach a reader. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

const HOSTILE = ['\u001b[8m', '\u001b[2J', '\u0000', '\u202e', '\u2066', '\r', '\n', '\t', '\u0007', '<b>', '"', "'", '`', '%%', '#;', '-->', '\\', 'ü', '.', '@', '-', 'a', 'z', '0'];
const hostile = fc.array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

/** A working topology with one hostile piece put where `at` says. */
function topologyText(at: 'local' | 'host' | 'domain' | 'mx', piece: string): string {
  const q = (s: string) => JSON.stringify(s);
  const local = at === 'local' ? `${piece}` : 'alice';
  const host = at === 'host' ? `mail${piece}.test` : 'mail.example.com';
  const domain = at === 'domain' ? `ex${piece}.com` : 'example.com';
  const mx = at === 'mx' ? `mx${piece}.test` : host;
  return [
    'version: 1',
    'dns:',
    `  ${q(domain)}: { mx: [${q(`10 ${mx}`)}] }`,
    'hosts:',
    `  ${q(host)}: { role: mailbox, mailboxes: [${q(`${local}@${domain}`)}] }`,
    'messages:',
    `  - { from: ${q(`${local}@sender.test`)}, to: ${q(`${local}@${domain}`)} }`,
  ].join('\n');
}

describe('hostile input', () => {
  it('never throws, and leaves no raw control character in any error or report', () => {
    let refused = 0;
    let checked = 0;
    fc.assert(
      fc.property(fc.constantFrom('local', 'host', 'domain', 'mx') as fc.Arbitrary<'local' | 'host' | 'domain' | 'mx'>, hostile, hostile, (at, piece, name) => {
        const file = `topo${name}.yaml`;
        const loaded = loadTopology(topologyText(at, piece), file);
        if (!loaded.ok) {
          refused++;
          for (const e of loaded.errors) expect(formatLoadError(e)).not.toMatch(RAW_CONTROL);
          return;
        }
        checked++;
        const result = checkTopology(loaded.topology);
        const outcome = { ok: true as const, file, status: checkStatus(result), result, topology: loaded.topology };
        expect(renderCheckText(result, undefined, loaded.topology.positions)).not.toMatch(RAW_CONTROL);
        expect(() => JSON.parse(renderCheckJson(result))).not.toThrow();
        expect(XMLValidator.validate(renderJUnit([outcome]))).toBe(true);
        expect(() => JSON.parse(renderSarif([outcome], { baseDir: '/' }))).not.toThrow();
      }),
      { seed: 17, numRuns: Number(process.env.MXPROOF_HOSTILE_RUNS ?? 300) },
    );
    expect(refused).toBeGreaterThan(20);
    expect(checked).toBeGreaterThan(20);
  });
});
