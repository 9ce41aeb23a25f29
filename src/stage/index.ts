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

/** Checks the topology with mxproof, stages it on real MTAs, and compares the two. */
export async function stageAndCompare(topology: Topology, options: StageOptions = {}): Promise<Fidelity> {
  const check = checkTopology(topology);
  const run = await stageTopology(topology, options);
  const observation = observe(run);
  return { run, observation, check, comparison: compare(check, observation) };
}
