/**
 * One thread of parallel explore (parallel.ts is the other side): builds the same setup from the
 * same rules and options, then checks the draws it is sent and shrinks the properties it is given
 * (search.ts). A config's properties are functions, so the worker loads the config file itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import { loadConfig } from '../config/load.js';
import type { ExploreOptions } from './explore.js';
import { brokenBy, setup, shrink, type Shrunk } from './search.js';

export interface WorkerInput {
  rules: Topology;
  options: Omit<ExploreOptions, 'registry' | 'onProgress'>;
  configPath?: string;
}

export type ToWorker =
  | { kind: 'check'; indices: number[]; topologies: Topology[] }
  | { kind: 'shrink'; id: AnyPropertyId; first: number; expected: Topology };

export type ToMain =
  | { kind: 'checked'; indices: number[]; broken: AnyPropertyId[][] }
  | { kind: 'shrunk'; id: AnyPropertyId; shrunk: Shrunk }
  | { kind: 'failed'; error: string };

if (parentPort !== null) {
  const port = parentPort;
  const input = workerData as WorkerInput;
  const ready = (async () => {
    if (input.configPath === undefined) return setup(input.rules, input.options);
    const loaded = await loadConfig(input.configPath);
    if (!loaded.ok) throw new Error(`cannot load ${input.configPath} again: ${loaded.errors.map((e) => e.message).join('; ')}`);
    return setup(input.rules, { ...input.options, registry: loaded.extensions.registry });
  })();
  port.on('message', (task: ToWorker) => {
    ready
      .then((s): ToMain => {
        if (task.kind === 'check') return { kind: 'checked', indices: task.indices, broken: task.topologies.map((t) => brokenBy(s, t)) };
        return { kind: 'shrunk', id: task.id, shrunk: shrink(s, task.id, task.first, task.expected) };
      })
      .then(
        (m) => port.postMessage(m),
        (err: unknown) => port.postMessage({ kind: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies ToMain),
      );
  });
}
