/**
 * The SARIF 2.1.0 report: one run for all the files checked, the registry's properties (the
 * built-in ones, a config file's, the files' path properties) as the driver's rules. Which verdict
 * becomes which result:
 * - violated: a result of the property's rule, level `error`, at the part of the file its pointer
 *   names, with the counterexample as a code flow whose steps stand at the hosts that act in them;
 *   a static property that found several problems gives a result per problem, each at its record.
 *   A violation the file's `expect` block names is still reported, with an in-source suppression
 *   pointing at that `expect` line (SARIF viewers then show it as accepted).
 * - a verdict that differs from `expect` without being a violation (`holds` where `violated` was
 *   expected): a result of `mxproof/unmet-expect` at the `expect` line.
 * - inconclusive (not expected): a result of the property's rule with kind `open`, SARIF's "could
 *   not tell whether it passes", and so level `none`.
 * - a file that does not load: a `mxproof/load-error` result per error, at its line and column.
 * - a setting the model never reads for that host (models/topology/advice.ts): a
 *   `mxproof/ignored-setting` result, level `warning`, at the setting.
 * `holds` and `not-applicable` give no result. Pure: returns the log; prints nothing.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VERSION } from '../api/version.js';
import type { LoadError } from '../../models/topology/errors.js';
import type { SourcePos } from '../../models/topology/types.js';
import { BUILT_IN } from '../../properties/index.js';
import { pathProperty } from '../../properties/pathProperty.js';
import { pointer as jsonPointer } from '../../properties/pointer.js';
import { isFailure, isInconclusive, type Counterexample, type PropertyResult, type Step } from '../../properties/result.js';
import { elisionNote, shownSteps } from './elide.js';
import { locate, pointerSegments } from './locate.js';
import { sweepResults, type CheckedFile } from './outcome.js';
import type { SarifCodeFlow, SarifLocation, SarifLog, SarifResult, SarifRule, SarifRun } from './sarifTypes.js';
import { stepHead } from './text.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const LOAD_ERROR_RULE = 'mxproof/load-error';
export const UNMET_EXPECT_RULE = 'mxproof/unmet-expect';
export const IGNORED_SETTING_RULE = 'mxproof/ignored-setting';

export type { SarifCodeFlow, SarifLocation, SarifLog, SarifResult, SarifRule, SarifRun } from './sarifTypes.js';

export interface SarifOptions {
  /** URIs are made relative to this directory (the CLI passes the working directory). */
  baseDir?: string;
  toolVersion?: string;
}

const KIND_TEXT = {
  safety: 'Safety: checked on every step of every reachable run; the counterexample is a shortest run to the bad step.',
  liveness: 'Liveness, under strong fairness: the counterexample is a lasso, a run that ends in a cycle repeating forever.',
  static: 'Static: a fact of the configuration, read off the file without exploring.',
} as const;

const camel = (id: string) => id.replace(/(^|[-/])([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

/** One rule of the driver; its name is its id in CamelCase. */
function rule(id: string, short: string, full: string, level: 'error' | 'warning', tag: string): SarifRule {
  return {
    id,
    name: camel(id.replace(/^mxproof\//, '')),
    shortDescription: { text: short },
    fullDescription: { text: full },
    defaultConfiguration: { level },
    properties: { tags: ['mail-routing', tag] },
  };
}

/** The files' own path properties, one rule per id (the first file that names an id describes it). */
function pathRules(files: readonly CheckedFile[]): SarifRule[] {
  const out: SarifRule[] = [];
  for (const f of files) {
    for (const spec of (f.ok ? f.topology?.properties : undefined) ?? []) {
      if (out.some((r) => r.id === spec.id)) continue;
      const p = pathProperty(spec);
      out.push(rule(spec.id, p.summary, `${p.summary}. A path property of the topology file (\`${spec.kind}\`). ${KIND_TEXT.safety}`, 'error', 'path'));
    }
  }
  return out;
}

/** The properties config files add, one rule per id (the first file's config describes it). */
function configRules(files: readonly CheckedFile[]): SarifRule[] {
  const out: SarifRule[] = [];
  for (const f of files) {
    for (const { property: p, origin } of (f.ok ? f.registry?.fromConfig : undefined) ?? []) {
      if (out.some((r) => r.id === p.id) || origin.kind !== 'config') continue;
      out.push(rule(p.id, p.summary, `${p.summary}. A property of ${origin.source}. ${KIND_TEXT[p.kind]}`, 'error', 'config'));
    }
  }
  return out;
}

function rules(files: readonly CheckedFile[]): SarifRule[] {
  return [
    ...BUILT_IN.properties.map((p) => rule(p.id, p.summary, `${p.summary}. ${KIND_TEXT[p.kind]}`, 'error', p.kind)),
    ...configRules(files),
    ...pathRules(files),
    rule(
      UNMET_EXPECT_RULE,
      "a verdict differs from the one the file's expect block names",
      "The topology file's expect block names a verdict for a property, and the check found another one (not a violation: a violation is reported under the property's own rule).",
      'error',
      'expect',
    ),
    rule(
      LOAD_ERROR_RULE,
      'the topology file cannot be read, parsed or validated',
      'The file is not a valid topology (FORMAT.md): a YAML error, an unknown field, a reference to an unknown host, a bad value. Nothing was checked.',
      'error',
      'input',
    ),
    rule(
      IGNORED_SETTING_RULE,
      'the file sets something the model never reads for that host',
      'A setting that only takes effect together with another one (recipients with verify: list, deferOk with verify: call-ahead, selfCheck with route: mx) is set without it, so the file does not say what it seems to. Verdicts are unaffected.',
      'warning',
      'input',
    ),
  ];
}

/**
 * A file's URI as SARIF wants it: relative to `baseDir` with forward slashes and each segment
 * percent-encoded; a file outside `baseDir` (or absolute, without one) as a `file:` URL.
 */
export function artifactUri(file: string, baseDir?: string): string {
  let path = file;
  if (baseDir !== undefined) {
    const abs = resolve(baseDir, file);
    const rel = relative(baseDir, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(abs).href;
    path = rel;
  } else if (isAbsolute(file)) {
    return pathToFileURL(file).href;
  }
  return path.split(sep).join('/').replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}

/** Builds SARIF locations into one file of the run. */
class FileLocator {
  constructor(
    private readonly uri: string,
    private readonly index: number,
    private readonly positions: Record<string, SourcePos>,
  ) {}

  at(line: number, col: number, message?: string): SarifLocation {
    const loc: SarifLocation = {
      physicalLocation: { artifactLocation: { uri: this.uri, index: this.index }, region: { startLine: line, startColumn: col } },
    };
    if (message !== undefined) loc.message = { text: message };
    return loc;
  }

  pointer(ptr: string, message?: string): SarifLocation {
    const found = locate(this.positions, ptr);
    return this.at(found.line, found.col, message);
  }

  /** The host entry of `name` when the file has one, else null (the implicit sender, an outside MX). */
  host(name: string): string | null {
    const found = locate(this.positions, jsonPointer('hosts', name));
    return pointerSegments(found.pointer).length === 2 ? found.pointer : null;
  }
}

function stepText(step: Step): string {
  return [stepHead(step), ...step.details].join('\n');
}

function codeFlow(p: PropertyResult, cx: Counterexample, where: FileLocator, fallback: string): SarifCodeFlow {
  const last = cx.steps.at(-1)?.n;
  const location = (step: Step) => {
    // A step stands where its acting host is written; the implicit sender's at its message.
    const at = where.host(step.from) ?? (step.message !== null ? jsonPointer('messages', step.message) : fallback);
    return {
      location: where.pointer(at, stepText(step)),
      nestingLevel: step.depth,
      executionOrder: step.n,
      importance: step.n === last || step.n === cx.loopsFrom ? ('essential' as const) : ('important' as const),
    };
  };
  // A long run keeps its first and last steps (elide.ts); one location, at the violation, says what is left out.
  const { head, elided, tail } = shownSteps(cx);
  const gap =
    elided === null
      ? []
      : [{ location: where.pointer(fallback, elisionNote(elided)), nestingLevel: 0, executionOrder: elided.from, importance: 'unimportant' as const }];
  const locations = [...head.map(location), ...gap, ...tail.map(location)];
  const flow: SarifCodeFlow['threadFlows'][number] = { locations };
  if (cx.loopsFrom !== null) flow.message = { text: `from step ${cx.loopsFrom} the run repeats forever` };
  const replay = cx.path === null ? '' : ` (path ${cx.path})`;
  return { message: { text: `${p.id}: counterexample${replay}` }, threadFlows: [flow] };
}

/** What one violation result stands for: the property's counterexample, or one of its problems. */
interface Violation {
  reason?: string;
  pointer?: string;
  counterexample?: Counterexample;
}

function propertyResults(p: PropertyResult, where: FileLocator, ruleIndex: (id: string) => number): SarifResult[] {
  const expectPointer = jsonPointer('expect', p.id);
  const bag = (extra: Record<string, unknown> = {}) => ({
    verdict: p.verdict,
    ...(p.expected === undefined ? {} : { expected: p.expected }),
    ...extra,
  });
  // Each problem of a static property is a result of its own, at its own line: code scanning then
  // lists every bad record, and fixing one closes just that alert.
  const violation = (v: Violation): SarifResult => {
    const ptr = v.pointer ?? '';
    const result: SarifResult = {
      ruleId: p.id,
      ruleIndex: ruleIndex(p.id),
      kind: 'fail',
      level: 'error',
      message: { text: v.reason ?? `${p.id} is violated` },
      locations: [where.pointer(ptr)],
      properties: bag({ pointer: ptr, ...(v.counterexample?.path == null ? {} : { replayPath: v.counterexample.path }) }),
    };
    if (v.counterexample !== undefined && v.counterexample.steps.length > 0) result.codeFlows = [codeFlow(p, v.counterexample, where, ptr)];
    if (p.expected !== undefined) {
      result.relatedLocations = [{ id: 1, ...where.pointer(expectPointer, `expect: ${p.id}: ${p.expected}`) }];
    }
    if (p.expected === 'violated') {
      result.suppressions = [
        {
          kind: 'inSource',
          status: 'accepted',
          justification: `the file's expect block says ${p.id}: violated`,
          location: where.pointer(expectPointer),
        },
      ];
    }
    return result;
  };
  if (p.verdict === 'violated') return p.problems !== undefined && p.problems.length > 0 ? p.problems.map(violation) : [violation(p)];
  if (isFailure(p)) {
    const why = p.reason === undefined ? '' : `: ${p.reason}`;
    return [
      {
        ruleId: UNMET_EXPECT_RULE,
        ruleIndex: ruleIndex(UNMET_EXPECT_RULE),
        kind: 'fail',
        level: 'error',
        message: { text: `expect says ${p.id}: ${p.expected}, but the check found ${p.verdict}${why}` },
        locations: [where.pointer(expectPointer)],
        properties: bag({ property: p.id }),
      },
    ];
  }
  if (isInconclusive(p)) {
    return [
      {
        ruleId: p.id,
        ruleIndex: ruleIndex(p.id),
        kind: 'open',
        level: 'none',
        message: { text: `${p.id} is inconclusive: ${p.reason ?? 'the search stopped before a verdict'}` },
        locations: [where.pointer(p.expected === undefined ? '' : expectPointer)],
        properties: bag(),
      },
    ];
  }
  return [];
}

function loadErrorResult(e: LoadError, where: FileLocator, ruleIndex: number, ruleId = LOAD_ERROR_RULE): SarifResult {
  return {
    ruleId,
    ruleIndex,
    kind: 'fail',
    level: ruleId === LOAD_ERROR_RULE ? 'error' : 'warning',
    message: { text: `${e.field}: ${e.message}` },
    locations: [where.at(Math.max(e.line, 1), Math.max(e.col, 1))],
    properties: { field: e.field },
  };
}

export function sarifLog(files: readonly CheckedFile[], options: SarifOptions = {}): SarifLog {
  const driverRules = rules(files);
  const ruleIndex = (id: string) => driverRules.findIndex((r) => r.id === id);
  const results: SarifResult[] = [];
  // One artifact per distinct file, even when a file is given twice (the schema wants them unique).
  const artifacts: SarifRun['artifacts'] = [];
  for (const f of files) {
    const uri = artifactUri(f.file, options.baseDir);
    let index = artifacts.findIndex((a) => a.location.uri === uri);
    if (index < 0) index = artifacts.push({ location: { uri }, roles: ['analysisTarget'] }) - 1;
    if (f.ok) {
      const where = new FileLocator(uri, index, f.topology?.positions ?? {});
      for (const p of [...f.result.properties, ...sweepResults(f.sweep, 'reason')]) results.push(...propertyResults(p, where, ruleIndex));
      for (const w of f.result.warnings ?? []) results.push(loadErrorResult(w, where, ruleIndex(IGNORED_SETTING_RULE), IGNORED_SETTING_RULE));
    } else {
      const where = new FileLocator(uri, index, {});
      for (const e of f.errors) results.push(loadErrorResult(e, where, ruleIndex(LOAD_ERROR_RULE)));
    }
  }
  const version = options.toolVersion ?? VERSION;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mxproof', version, semanticVersion: version, rules: driverRules } },
        artifacts,
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: files.every((f) => f.ok) }],
        results,
      },
    ],
  };
}

export function renderSarif(files: readonly CheckedFile[], options: SarifOptions = {}): string {
  return JSON.stringify(sarifLog(files, options), null, 2) + '\n';
}
