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
