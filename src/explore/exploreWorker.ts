/**
 * One worker thread of parallel explore (parallel.ts is the other side): builds the same setup from
 * the same rules and options, then does the tasks it is sent (tasks.ts), one at a time, in order.
 * A config's properties are functions no message can carry, so the worker loads the config itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../config/load.js';
import { setup } from './search.js';
import { perform, portableAnswer, taskWithRoles, topologyWithRoles, type Answer, type Task, type WorkerInput } from './tasks.js';

if (parentPort !== null) {
  const port = parentPort;
  const input = workerData as WorkerInput;
  const ready = (async () => {
    if (input.configPath === undefined) return { s: setup(input.rules, input.options), roles: undefined };
    const loaded = await loadConfig(input.configPath, input.configName);
    if (!loaded.ok) throw new Error(`cannot load ${input.configPath} again: ${loaded.errors.map((e) => e.message).join('; ')}`);
    // The rules' hosts may play the config's roles: they come back on every topology here.
    const roles = loaded.extensions.roles.size > 0 ? loaded.extensions.roles : undefined;
    return { s: setup(topologyWithRoles(input.rules, roles), { ...input.options, registry: loaded.extensions.registry }), roles };
  })();
  port.on('message', (task: Task) => {
    ready
      .then(({ s, roles }) => portableAnswer(perform(s, taskWithRoles(task, roles))))
      .then(
        (answer) => port.postMessage(answer),
        (err: unknown) => port.postMessage({ kind: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies Answer),
      );
  });
}
