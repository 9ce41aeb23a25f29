/**
 * schema/report.schema.json describes what `mxproof check --format json` prints, and the CLI keeps
 * to it: real reports (the examples, files with several DNS problems, ignored settings, folded
 * hosts, a budget that stops the search, files that do not load) are validated against it with
 * every object closed (`additionalProperties: false`) and every key required. The sample is
 * checked to contain each optional thing in both forms (null and present), so the schema is
 * exercised on the shapes a script will meet.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { PROPERTY_IDS } from '../../models/topology/types.js';
import { checkFile } from '../../src/api/check.js';
import { jsonReport, type JsonLoadFailure, type JsonReport } from '../../src/report/json.js';
import { cli } from '../cli/run.js';
import { exampleFiles, ROOT } from '../helpers.js';

const SCHEMA_FILE = join(ROOT, 'schema', 'report.schema.json');
// The report schema is written by hand, all but the built-in property ids, which come from
// PROPERTY_IDS: `npm run schema` (UPDATE_SCHEMA=1) writes them in, so a new property touches no schema by hand.
if (process.env.UPDATE_SCHEMA === '1') {
  const text = readFileSync(SCHEMA_FILE, 'utf8');
  const ids = /("propertyId": \{[^]*?\{ "enum": )\[[^\]]*\]/;
  if (!ids.test(text)) throw new Error('schema/report.schema.json: no propertyId enum to update');
  writeFileSync(SCHEMA_FILE, text.replace(ids, (_, head: string) => `${head}${JSON.stringify(PROPERTY_IDS).replaceAll('","', '", "')}`));
}
const SCHEMA = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
const fixture = (...path: string[]) => join(ROOT, 'test', 'fixtures', ...path);

async function lines(...argv: string[]): Promise<unknown[]> {
  const r = await cli('check', '--format', 'json', ...argv);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

describe('schema/report.schema.json', () => {
  it('accepts every report the CLI prints, and they show each optional part both ways', async () => {
    const reports = [
      ...(await lines(...exampleFiles())),
      ...(await lines(fixture('dns', 'three-problems.yaml'), fixture('cli', 'ignored-settings.yaml'), fixture('cli', 'open-relay-no-expect.yaml'))),
      ...(await lines(fixture('cli', 'shared-faults.yaml'))),
      ...(await lines(fixture('symmetry', 'twin-loop.yaml'), '--property', 'call-ahead-bounded', '--property', 'no-forwarding-loop')),
      ...(await lines(join(ROOT, 'examples', 'postini-mailhop.yaml'), '--max-states', '5')),
      ...(await lines(join(ROOT, 'examples', 'mailhop-only.yaml'), '--failures', '1', '--failure-kind', 'down')),
      ...(await lines(join(ROOT, 'no-such-file.yaml'), ...readdirSync(fixture('malformed')).slice(0, 5).map((f) => fixture('malformed', f)))),
    ];
    const validate = new Ajv({ strict: true, allErrors: true }).compile(SCHEMA);
    for (const report of reports) {
      const ok = validate(report);
      expect(ok ? [] : validate.errors, (report as { file: string }).file).toEqual([]);
    }

    const checked = reports.filter((r): r is JsonReport => 'properties' in (r as object));
    const failed = reports.filter((r): r is JsonLoadFailure => 'errors' in (r as object));
    const properties = checked.flatMap((r) => r.properties);
    const steps = properties.flatMap((p) => p.counterexample?.steps ?? []);
    const seen = {
      reasonNull: properties.some((p) => p.reason === null),
      reason: properties.some((p) => p.reason !== null),
      expectedNull: properties.some((p) => p.expected === null),
      expected: properties.some((p) => p.expected !== null),
      counterexampleNull: properties.some((p) => p.counterexample === null),
      loopsFrom: properties.some((p) => p.counterexample?.loopsFrom != null),
      elided: properties.some((p) => p.counterexample?.elided != null),
      elidedNull: properties.some((p) => p.counterexample !== null && p.counterexample.elided === null),
      severalProblems: properties.some((p) => p.problems.length > 1),
      repeats: steps.some((s) => s.repeats !== null),
      repeatsNull: steps.some((s) => s.repeats === null),
      statesExactString: checked.some((r) => typeof r.stats.states === 'string' && typeof r.stats.transitions === 'string' && r.stats.statesLog10 !== null),
      statesNumber: checked.some((r) => typeof r.stats.states === 'number' && r.stats.statesLog10 === null),
      maxDepthNull: checked.some((r) => r.stats.maxDepth === null),
      maxDepth: checked.some((r) => r.stats.maxDepth !== null),
      engineApart: checked.some((r) => r.stats.engine === 'packed-apart'),
      engineWhole: checked.some((r) => r.stats.engine === 'packed'),
      stopReason: checked.some((r) => r.stats.stopReason !== null),
      stopReasonNull: checked.some((r) => r.stats.stopReason === null),
      folded: checked.some((r) => r.stats.symmetricHosts.length > 0 && r.stats.statesStored < Number(r.stats.states)),
      warnings: checked.some((r) => r.warnings.length > 0),
      failures: checked.some((r) => (r.failures?.length ?? 0) > 0),
      failuresNull: checked.some((r) => r.failures === null),
      loadFailures: failed.length === 6,
    };
    expect(Object.entries(seen).filter(([, v]) => !v).map(([k]) => k)).toEqual([]);
  });

  it('rejects a report that leaves a key out, as the README once allowed', async () => {
    const [report] = (await lines(join(ROOT, 'examples', 'mailhop-only.yaml'))) as JsonReport[];
    const validate = new Ajv({ strict: true }).compile(SCHEMA);
    expect(validate(report)).toBe(true);
    const { reason: _, ...withoutReason } = report!.properties[0]!;
    expect(validate({ ...report, properties: [withoutReason] })).toBe(false);
  });

  it('carries every field the checker returns, so a new one cannot be dropped unnoticed', () => {
    const paths = (o: unknown, at = ''): string[] =>
      o !== null && typeof o === 'object' && !Array.isArray(o) ? Object.entries(o).flatMap(([k, v]) => [`${at}.${k}`, ...paths(v, `${at}.${k}`)]) : [];
    for (const file of [...exampleFiles(), fixture('symmetry', 'equal-filters.yaml'), fixture('cli', 'ignored-settings.yaml')]) {
      const outcome = checkFile(file, { maxStates: 200_000 });
      if (!outcome.ok) throw new Error(`${file} does not load`);
      const json = new Set(paths(jsonReport(outcome.result)));
      expect(paths(outcome.result).filter((p) => !json.has(p)), file).toEqual([]);
    }
  });

  it('names every property id the checker knows', () => {
    expect(SCHEMA.definitions.propertyId.anyOf[0].enum).toEqual([...PROPERTY_IDS]);
  });
});
