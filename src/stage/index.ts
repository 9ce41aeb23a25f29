/**
 * Fidelity staging (issues 7 and 11): a topology staged on real MTAs — Exim daemons and Postfix
 * instances in a network namespace of their own, with dnsmasq as the DNS — and the outcome compared
 * with mxproof's verdicts. docs/fidelity.md describes the mapping, the schedule and the scenarios.
 */
import type { Topology } from '../../models/topology/types.js';
import { checkTopology } from '../../properties/check.js';
import type { CheckResult } from '../../properties/result.js';
import { compare, type StageComparison } from './compare.js';
import { observe, type Observation } from './observe.js';
import { stageTopology, type StageOptions, type StageRun } from './run.js';

export { compare, renderStageText, type PropertyComparison, type StageComparison } from './compare.js';
export { observe, type Observation } from './observe.js';
export { planStage, STAGE_MTAS, UnsupportedTopology, type StageMta, type StagePlan } from './plan.js';
export { installedMtas, stageTopology, type StageOptions, type StageRun } from './run.js';
export { postfixUnavailable, stagingUnavailable } from './tools.js';

export interface Fidelity {
  run: StageRun;
  observation: Observation;
  check: CheckResult;
  comparison: StageComparison;
}

/** Thrown when an MTA reported an error of its own (a configuration it refused, a crash): what it did then says nothing about the topology. */
export class StagingBroken extends Error {
  constructor(readonly run: StageRun) {
    const lines = run.hosts.flatMap((h) => h.paniclog.trim().split('\n').filter(Boolean).slice(0, 3).map((l) => `${h.name} (${h.mta}): ${l}`));
    super(`the MTAs reported errors of their own, so the outcome says nothing about the topology: ${lines.join('; ')}`);
    this.name = 'StagingBroken';
  }
}

/** Checks the topology with mxproof, stages it on real MTAs, and compares the two. Throws StagingBroken when an MTA reported an error of its own. */
export async function stageAndCompare(topology: Topology, options: StageOptions = {}): Promise<Fidelity> {
  const check = checkTopology(topology);
  const run = await stageTopology(topology, options);
  if (run.hosts.some((h) => h.paniclog.trim() !== '')) throw new StagingBroken(run);
  const observation = observe(run);
  return { run, observation, check, comparison: compare(check, observation) };
}
