/**
 * One worker thread of `check --jobs` (checkPool.ts is the other side): checks the files it is sent,
 * one at a time, exactly as the command's own thread would (checkOne.ts), and posts back what the
 * reports need. A config holds functions no message can carry, so the worker loads it by its path.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { measureThreadOnly } from '../api/budget.js';
import type { MxproofConfig } from '../config/define.js';
import { loadConfig } from '../config/load.js';
import { checkOne, portable } from './checkOne.js';
import type { ConfigAt, PoolAnswer, PoolInput, PoolTask } from './checkPool.js';

if (parentPort !== null) {
  const port = parentPort;
  const input = workerData as PoolInput;
  const stop = new Int32Array(input.stop);
  const post = (answer: PoolAnswer): void => port.postMessage(answer);
  // Each check has the --max-memory budget to itself, as it would alone (budget.ts says why).
  measureThreadOnly();
  const configs = new Map<string, Promise<MxproofConfig>>();
  const configAt = ({ path, name }: ConfigAt): Promise<MxproofConfig> => {
    let config = configs.get(path);
    if (config === undefined) {
      config = loadConfig(path, name).then((loaded) => {
        // The command thread loaded it before anything was checked: failing now, the file changed.
        if (!loaded.ok) throw new Error(`cannot load ${path} again: ${loaded.errors.map((e) => e.message).join('; ')}`);
        return loaded.config;
      });
      configs.set(path, config);
    }
    return config;
  };
  port.on('message', (task: PoolTask) => {
    const config = task.config === null ? Promise.resolve(undefined) : configAt(task.config);
    config
      .then((loaded) => {
        const line = input.progress ? { show: (text: string) => post({ kind: 'progress', index: task.index, text }) } : null;
        const outcome = checkOne(task.file, input.flags, {
          properties: input.properties,
          config: loaded,
          line,
          interrupted: () => Atomics.load(stop, 0) !== 0,
        });
        post({ kind: 'checked', index: task.index, outcome: portable(outcome) });
      })
      .catch((err: unknown) => post({ kind: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
  });
}
