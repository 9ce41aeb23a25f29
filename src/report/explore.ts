/** The text and JSON reports of `mxproof explore`. Pure: returns strings. */
import type { ExploreResult } from '../explore/explore.js';
import { findingYaml, replayCommand } from '../explore/findingFile.js';
import { visible } from './escape.js';
import { renderCounterexample } from './text.js';

export function renderExploreText(rulesFile: string, result: ExploreResult, written: ReadonlyMap<string, string>): string {
  const lines = renderExploreLines(rulesFile, result, written);
  // The finding's YAML and counterexample steps come escaped already; this catches the rest.
  return lines.map(visible).join('\n') + '\n';
}

function renderExploreLines(rulesFile: string, result: ExploreResult, written: ReadonlyMap<string, string>): string[] {
  const lines = [
    `${rulesFile}: ${result.checked} topologies checked exhaustively in ${(result.durationMs / 1000).toFixed(1)} s (seed ${result.seed})`,
  ];
  for (const f of result.findings) {
    const hosts = f.topology.hosts.length;
    lines.push(`  ✗ ${f.property}  broken by a ${hosts}-host topology (found after ${f.runs} runs, shrunk in ${f.shrinks} steps)`);
  }
  for (const id of result.clean) lines.push(`  ✓ ${id}  no violation involving the rules found`);
  for (const f of result.findings) {
    lines.push('', `${f.property}: ${f.violation.reason ?? ''}`);
    const file = written.get(f.property);
    if (file !== undefined) lines.push(`  written to ${file}`);
    lines.push(`  replay: ${replayCommand(rulesFile, f)}`, '');
    lines.push(...findingYaml(rulesFile, f).trimEnd().split('\n').map((l) => `    ${l}`), '');
    if (f.violation.counterexample !== undefined) lines.push(...renderCounterexample(f.violation.counterexample));
  }
  return lines;
}

export function renderExploreJson(rulesFile: string, result: ExploreResult, written: ReadonlyMap<string, string>): string {
  return (
    JSON.stringify({
      rules: rulesFile,
      seed: result.seed,
      checked: result.checked,
      durationMs: Math.round(result.durationMs),
      findings: result.findings.map((f) => ({
        property: f.property,
        hosts: f.topology.hosts.map((h) => h.name),
        runs: f.runs,
        shrinks: f.shrinks,
        path: f.path,
        replay: replayCommand(rulesFile, f),
        file: written.get(f.property) ?? null,
        reason: f.violation.reason,
        counterexample: f.violation.counterexample,
        topology: findingYaml(rulesFile, f),
      })),
      clean: result.clean,
    }) + '\n'
  );
}
