/** The text and JSON reports of `mxproof explore`. Pure: returns strings. */
import type { ExploreResult, Finding } from '../explore/explore.js';
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
    `${rulesFile}: ${result.checked} distinct topologies checked exhaustively in ${(result.durationMs / 1000).toFixed(1)} s (seed ${result.seed})`,
    `  ${countsLine(result)}`,
  ];
  for (const f of result.findings) {
    const hosts = f.topology.hosts.length;
    lines.push(`  ✗ ${f.property}  broken by a ${hosts}-host topology (${howFound(f)})`);
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

/**
 * What the counts count, so they add up: every distinct topology was first checked either as a
 * random draw or while shrinking; each property's search draws the same sequence from the seed,
 * so the draws outnumber the distinct topologies drawn.
 */
function countsLine(r: ExploreResult): string {
  const per = r.findings.length + r.clean.length;
  return (
    `${r.searched} drawn at random (${r.drawn} draws: ${per === 1 ? 'one search' : `${per} searches, one per property, drawing the same sequence`}), ` +
    `${r.whileShrinking} more while shrinking and minimizing findings`
  );
}

function howFound(f: Finding): string {
  const more = f.removed.length === 0 ? '' : `, then ${f.removed.length} single removal${f.removed.length === 1 ? '' : 's'}`;
  return (
    `random draw ${f.runs} of its search broke it; shrunk in ${f.shrinks} step${f.shrinks === 1 ? '' : 's'}${more}; ` +
    `1-minimal: none of its ${f.singleRemovals} single removals keeps the violation`
  );
}

export function renderExploreJson(rulesFile: string, result: ExploreResult, written: ReadonlyMap<string, string>): string {
  return (
    JSON.stringify({
      rules: rulesFile,
      seed: result.seed,
      checked: result.checked,
      drawn: result.drawn,
      searched: result.searched,
      whileShrinking: result.whileShrinking,
      durationMs: Math.round(result.durationMs),
      findings: result.findings.map((f) => ({
        property: f.property,
        hosts: f.topology.hosts.map((h) => h.name),
        runs: f.runs,
        shrinks: f.shrinks,
        removed: f.removed,
        singleRemovals: f.singleRemovals,
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
