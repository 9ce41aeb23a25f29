/**
 * The package entry, `import { check } from 'mxproof'`: load, check, explore and diff topologies
 * from a program or a test. Every function returns a discriminated union — `{ ok: true, … }` or
 * `{ ok: false, errors }` with the file, line, column and field of each problem — and none prints
 * or throws for a violation or a bad file. Reports (text, JSON, JUnit, SARIF) are pure renderers.
 *
 *   const outcome = check(readFileSync('mail.yaml', 'utf8'), { file: 'mail.yaml' });
 *   if (!outcome.ok) console.error(outcome.errors.map(formatLoadError).join('\n'));
 *   else if (outcome.status === 'failed') console.log(renderCheckText(outcome.result));
 */
export { loadTopology, loadTopologyFile, type LoadOptions } from './api/load.js';
export { check, checkFile, checkStatus, DEFAULT_MAX_STATES, type CheckOptions, type CheckOutcome, type CheckStatus } from './api/check.js';
export { explore, type ExploreOutcome, type ExploreOptions, type ExploreResult, type Finding } from './api/explore.js';
export { changeOf, compareResults, diff, type Change, type DiffOptions, type DiffOutcome, type DiffStatus, type PropertyChange, type TopologyDiff } from './api/diff.js';
export { VERSION } from './api/version.js';

export { formatLoadError, type LoadError, type LoadResult } from '../models/topology/errors.js';
export { topologyToYaml } from '../models/topology/write.js';
export { PROPERTY_IDS } from '../models/topology/types.js';
export type { AnyPropertyId, BuiltInRole, Host, HostPort, Message, MxRecord, PathProperty, PropertyId, Role, Route, SourcePos, Topology, Verdict, VerifyMode } from '../models/topology/types.js';
export { PROPERTIES, propertyById, type MailProperty } from '../properties/index.js';
export type { LivenessMailProperty, SafetyMailProperty, StaticFinding, StaticMailProperty } from '../properties/types.js';
export type { Effect, MessageState, SystemState } from '../models/system/types.js';
export type { MailSystem } from '../models/system/mailSystem.js';

// Properties of your own, from an mxproof.config file or a program.
export { defineConfig, type ConfigProperty, type ConfigRole, type MxproofConfig } from './config/define.js';
export { CONFIG_NAMES, findConfig, loadConfig, type ConfigFound, type ConfigLoaded } from './config/load.js';
export { isFailure, isInconclusive } from '../properties/result.js';
export type { CheckResult, CheckStats, Counterexample, Focus, Problem, PropertyResult, Step } from '../properties/result.js';

// Roles of your own: compose a machine from the shared pieces (README, "Roles of your own").
// roleMachine is the short way; hostSetup (the shared guards and actions), receivingStates,
// forwardingStates and commonRouting are the pieces the built-in machines are made of.
export { roleMachine, type GuardSpec, type RoleMachineSpec } from '../models/machines/roleMachine.js';
export { hostSetup, type HostSetup, type RoleExtras, type RoleGuard } from '../models/machines/hostSetup.js';
export { receivingStates, type CallAheadOutcome } from '../models/machines/receiving.js';
export { commonRouting, forwardingStates } from '../models/machines/forwarding.js';
export { bestMxHosts, candidatesTo, hopHosts, hostNamed, routeHop } from '../models/machines/roleHelpers.js';
export { declaredHops } from '../models/machines/hops.js';
export { nextHopOf, type HostContext, type HostEnv, type HostEvent } from '../models/machines/env.js';
// A HostEnv carries the role its host plays: build one with hostEnv rather than by hand.
export { hostEnv } from '../models/roles/hostEnv.js';
export { BOUNCES, DELIVERS, DISCARDS, REFUSE_FOR_HOP_COUNT } from '../models/machines/tags.js';
export type { RequiredRoute, RoleDefinition, RolePreset } from '../models/roles/types.js';
export type { Candidate, NextHop } from '../models/routing/nextHop.js';
export { topologyArbitrary, type TopologyConstraints } from '../models/arbitraries/topology.js';

export { renderCheckText, renderCounterexample, type CounterexampleOptions } from './report/text.js';
export { jsonReport, renderCheckJson, type JsonCounterexample, type JsonLoadFailure, type JsonProblem, type JsonProperty, type JsonReport, type JsonStats, type JsonStep } from './report/json.js';
export { renderJUnit } from './report/junit.js';
export { renderSarif, sarifLog, type SarifLog, type SarifOptions } from './report/sarif.js';
export { renderDiffJson, renderDiffText } from './report/diff.js';
export { locate, type Located } from './report/locate.js';
export type { CheckedFile } from './report/outcome.js';
