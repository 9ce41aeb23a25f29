/**
 * Explore on every core: the search's draws are checked by a pool of worker threads
 * (exploreWorker.ts), then each broken property is shrunk and minimised in one of them. The work is
 * split as search.ts argues, and merged by draw index and property order, so the findings and
 * figures are those of `explore` in one thread, whatever the number of threads.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import { BUILT_IN } from '../../properties/index.js';
import { explore, merge, type ExploreOptions, type ExploreResult } from './explore.js';
import { draws, Search, setup, type Shrunk } from './search.js';
import type { ToMain, ToWorker, WorkerInput } from './exploreWorker.js';

export interface ParallelOptions extends ExploreOptions {
  /** Worker threads (default: the cores available); 1 runs in this thread, as `explore`. */
  workers?: number;
  /**
   * The config file `registry` came from: each worker loads it again, since a config's properties
   * are functions no message can carry. Without it, a registry other than the built-in one runs in
   * this thread.
   */
  configPath?: string;
  /** Where the worker's entry is (default: beside this module, or beside the bundled bin). */
  workerUrl?: URL;
}

/** Draws a worker checks per message: small enough to balance, large enough that messages cost nothing beside the checks. */
const CHUNK = 4;

export async function exploreInParallel(rules: Topology, options: ParallelOptions = {}): Promise<ExploreResult> {
  const { workers: wanted, configPath, workerUrl, ...engine } = options;
  const portable = engine.registry === undefined || engine.registry === BUILT_IN || configPath !== undefined;
  // At most one worker per distinct draw, which `runs` bounds.
  const count = Math.min(wanted ?? availableParallelism(), engine.runs ?? 1000);
  const url = count <= 1 ? null : (workerUrl ?? exploreWorkerUrl());
  if (url === null || !portable || engine.replayPath !== undefined) return explore(rules, engine);

  const started = performance.now();
  const { registry: _registry, onProgress, ...carried } = engine;
  const input: WorkerInput = { rules, options: carried, ...(configPath === undefined ? {} : { configPath }) };
  // Started before drawing: each worker loads its modules while this thread draws the topologies.
  const pool = Array.from({ length: count }, () => new Worker(url, { workerData: input }));
  try {
    const s = setup(rules, engine);
    const search = new Search(s, draws(s));
    let next = 0;
    let checked = 0;
    await runPool(pool, () => {
      if (next >= search.distinct.length || search.needed() !== null) return null;
      const indices = search.distinct.slice(next, next + CHUNK);
      next += indices.length;
      return { kind: 'check', indices, topologies: indices.map((i) => search.drawn[i]!) };
    }, (m) => {
      if (m.kind !== 'checked') return;
      m.indices.forEach((i, k) => search.record(i, m.broken[k]!));
      checked += m.indices.length;
      onProgress?.({ property: s.ids[0]!, checked, shrinking: false });
    });
    const todo = [...search.firstFailing()].filter((e): e is [AnyPropertyId, number] => e[1] !== null);
    const shrunk = new Map<AnyPropertyId, Shrunk>();
    await runPool(pool, () => {
      const task = todo.shift();
      if (task === undefined) return null;
      onProgress?.({ property: task[0], checked, shrinking: true });
      return { kind: 'shrink', id: task[0], first: task[1], expected: search.drawn[task[1] - 1]! };
    }, (m) => {
      if (m.kind === 'shrunk') shrunk.set(m.id, m.shrunk);
    });
    return merge(s, search, shrunk, started);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** Hands each idle worker the next task until there is none, and resolves when all are idle again. */
function runPool(pool: readonly Worker[], nextTask: () => ToWorker | null, onResult: (m: ToMain) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let busy = 0;
    let failed = false;
    const cleanups: (() => void)[] = [];
    const finish = (error?: Error) => {
      if (failed) return;
      if (error !== undefined) failed = true;
      for (const c of cleanups) c();
      if (error !== undefined) reject(error);
      else resolve();
    };
    const feed = (w: Worker): void => {
      const task = failed ? null : nextTask();
      if (task === null) {
        if (busy === 0) finish();
        return;
      }
      busy++;
      w.postMessage(task);
    };
    for (const w of pool) {
      const onMessage = (m: ToMain) => {
        busy--;
        if (m.kind === 'failed') return finish(new Error(`explore worker: ${m.error}`));
        onResult(m);
        feed(w);
      };
      const onError = (err: Error) => finish(err);
      const onExit = (code: number) => finish(new Error(`explore worker exited with code ${code} before its result`));
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      cleanups.push(() => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      });
    }
    for (const w of pool) feed(w);
  });
}

/**
 * The worker's entry: beside this module unbundled (dist/src/explore/exploreWorker.js); in the
 * bundle (scripts/bundle.mjs) beside the bin, dist/cli/exploreWorker.mjs, while this code sits in
 * dist/cli/ or a chunk under it. Null when this module runs from its TypeScript source (the
 * in-process tests): Node cannot start a worker from it, so explore runs in one thread.
 */
export function exploreWorkerUrl(): URL | null {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return null;
  const candidates = here.endsWith('.mjs') ? ['./exploreWorker.mjs', '../exploreWorker.mjs'] : ['./exploreWorker.js'];
  for (const c of candidates) {
    const url = new URL(c, here);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`explore: no worker entry beside ${fileURLToPath(here)} (looked for ${candidates.join(', ')})`);
}
