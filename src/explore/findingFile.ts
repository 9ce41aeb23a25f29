/** A finding as a FORMAT.md file that `mxproof check` reads again and agrees with. */
import { topologyToYaml } from '../../models/topology/write.js';
import type { Finding } from './explore.js';

export function replayCommand(rulesFile: string, finding: Finding): string {
  return `mxproof explore ${rulesFile} --seed ${finding.seed} --property ${finding.property} --replay ${finding.path}`;
}

export function findingYaml(rulesFile: string, finding: Finding): string {
  const expect = Object.fromEntries(finding.result.properties.map((p) => [p.id, p.verdict]));
  const header = [
    `Found by mxproof explore from ${rulesFile}: the smallest topology found that breaks ${finding.property}.`,
    finding.violation.reason ?? '',
    `Reproduce: ${replayCommand(rulesFile, finding)}`,
    `Re-check: mxproof check this-file.yaml`,
  ].join('\n');
  return topologyToYaml({ ...finding.topology, expect }, header);
}
