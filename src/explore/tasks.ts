/**
 * The tasks of parallel explore (parallel.ts) and what doing one answers: the same function in a
 * worker thread (exploreWorker.ts) and in the thread that hands them out, which takes its share.
 */
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import type { ExploreOptions } from './explore.js';
import { brokenBy, shrink, type Setup, type Shrunk } from './search.js';

export interface WorkerInput {
  rules: Topology;
  options: Omit<ExploreOptions, 'registry' | 'onProgress'>;
  /** The config file whose properties the registry holds: the worker loads it again. */
  configPath?: string;
  /** The name the user gave it: errors of its roles and properties name it so, in every thread alike. */
  configName?: string;
}

export type Task =
  | { kind: 'check'; indices: number[]; topologies: Topology[] }
  | { kind: 'shrink'; id: AnyPropertyId; first: number; expected: Topology };

export type Answer =
  | { kind: 'checked'; indices: number[]; broken: AnyPropertyId[][] }
  | { kind: 'shrunk'; id: AnyPropertyId; shrunk: Shrunk }
  | { kind: 'failed'; error: string };

export function perform(s: Setup, task: Task): Answer {
  if (task.kind === 'check') return { kind: 'checked', indices: task.indices, broken: task.topologies.map((t) => brokenBy(s, t)) };
  return { kind: 'shrunk', id: task.id, shrunk: shrink(s, task.id, task.first, task.expected) };
}

/**
 * A config's roles are functions on the topologies themselves (`Topology.roles`), which no message
 * between threads can carry: they are taken off what is posted and put back on what is received,
 * from the config each side loaded.
 */
type Roles = Topology['roles'];

function bare(t: Topology): Topology {
  if (t.roles === undefined) return t;
  const { roles: _roles, ...rest } = t;
  return rest;
}

const withRoles = (t: Topology, roles: Roles): Topology => (roles === undefined ? t : { ...t, roles });

export function portableTask(task: Task): Task {
  return task.kind === 'check' ? { ...task, topologies: task.topologies.map(bare) } : { ...task, expected: bare(task.expected) };
}

export function taskWithRoles(task: Task, roles: Roles): Task {
  if (roles === undefined) return task;
  return task.kind === 'check' ? { ...task, topologies: task.topologies.map((t) => withRoles(t, roles)) } : { ...task, expected: withRoles(task.expected, roles) };
}

export function portableAnswer(answer: Answer): Answer {
  return answer.kind === 'shrunk' ? { ...answer, shrunk: { ...answer.shrunk, finding: { ...answer.shrunk.finding, topology: bare(answer.shrunk.finding.topology) } } } : answer;
}

export function answerWithRoles(answer: Answer, roles: Roles): Answer {
  if (roles === undefined || answer.kind !== 'shrunk') return answer;
  return { ...answer, shrunk: { ...answer.shrunk, finding: { ...answer.shrunk.finding, topology: withRoles(answer.shrunk.finding.topology, roles) } } };
}

export { bare as portableTopology, withRoles as topologyWithRoles };
