/**
 * Explore on every core: the search's draws are checked by this thread and a pool of worker threads
 * (exploreWorker.ts), then each broken property is shrunk and minimised in one of them. This thread
 * takes its share rather than wait: a worker starts cold (its modules loaded and compiled again), so
 * N threads cost one cold start fewer than N workers. The work is
 * split as search.ts argues, and merged by draw index and property order, so the findings and
 * figures are those of `explore` in one thread, whatever the number of threads.
 */
import { Worker } from 'node:worker_threads';
import type { AnyPropertyId, Topology } from '../../models/topology/types.js';
import { BUILT_IN } from '../../properties/index.js';
import { defaultJobs } from '../api/jobs.js';
import { explore, merge, type ExploreOptions, type ExploreResult } from './explore.js';
import { draws, Search, setup, type Setup, type Shrunk } from './search.js';
import { answerWithRoles, perform, portableTask, portableTopology, type Answer, type Task, type WorkerInput } from './tasks.js';
import { workerEntry } from '../api/workerEntry.js';

export { defaultJobs };

export interface ParallelOptions extends ExploreOptions {
  /** Threads, this one included (default: the cores available); 1 runs in this thread only, as `explore`. */
  workers?: number;
  /**
   * The config file `registry` came from: each worker loads it again, since a config's properties
   * are functions no message can carry. Without it, a registry other than the built-in one runs in
   * this thread.
   */
  configPath?: string;
  /** The config file as the user named it, what errors of its roles and properties call it (default: its path). */
  configName?: string;
  /** Where the worker's entry is (default: beside this module, or beside the bundled bin). */
  workerUrl?: URL;
}

/** Draws a worker checks per message: small enough to balance, large enough that messages cost nothing beside the checks. */
const CHUNK = 4;

export async function exploreInParallel(rules: Topology, options: ParallelOptions = {}): Promise<ExploreResult> {
  const { workers: wanted, configPath, configName, workerUrl, ...engine } = options;
  // A config's properties and roles are functions no message can carry: a worker loads the config
  // again, so it needs its path.
  const portable = (engine.registry === undefined || engine.registry === BUILT_IN || configPath !== undefined) && (rules.roles === undefined || configPath !== undefined);
  // This thread takes its share: `threads - 1` workers beside it, never more than the draws.
  const threads = Math.min(wanted ?? defaultJobs(), engine.runs ?? 1000);
  const url = threads <= 1 ? null : (workerUrl ?? exploreWorkerUrl());
  if (url === null || !portable || engine.replayPath !== undefined) return explore(rules, engine);

  const started = performance.now();
  const { registry: _registry, onProgress, ...carried } = engine;
  const input: WorkerInput = { rules: portableTopology(rules), options: carried, ...(configPath === undefined ? {} : { configPath, configName: configName ?? configPath }) };
  // Started before drawing: each worker loads its modules while this thread draws the topologies.
  const pool = Array.from({ length: threads - 1 }, () => new Worker(url, { workerData: input }));
  try {
    const s = setup(rules, engine);
    const search = new Search(s, draws(s));
    const received = (a: Answer): void => onAnswer(answerWithRoles(a, rules.roles));
    let next = 0;
    let checked = 0;
    const shrunk = new Map<AnyPropertyId, Shrunk>();
    const onAnswer = (a: Answer): void => {
      if (a.kind === 'checked') {
        a.indices.forEach((i, k) => search.record(i, a.broken[k]!));
        checked += a.indices.length;
        onProgress?.({ property: s.ids[0]!, checked, shrinking: false });
      } else if (a.kind === 'shrunk') shrunk.set(a.id, a.shrunk);
    };
    // Two chunks queued per worker, so it has work while this thread checks one of its own.
    await share(pool, s, 2, () => {
      if (next >= search.distinct.length || search.needed() !== null) return null;
      const indices = search.distinct.slice(next, next + CHUNK);
      next += indices.length;
      return { kind: 'check', indices, topologies: indices.map((i) => search.drawn[i]!) };
    }, onAnswer, received);
    const todo = [...search.firstFailing()].filter((e): e is [AnyPropertyId, number] => e[1] !== null);
    await share(pool, s, 1, () => {
      const task = todo.shift();
      if (task === undefined) return null;
      onProgress?.({ property: task[0], checked, shrinking: true });
      return { kind: 'shrink', id: task[0], first: task[1], expected: search.drawn[task[1] - 1]! };
    }, onAnswer, received);
    return merge(s, search, shrunk, started);
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * Hands out tasks until `next` has none (once it says none, it stays none): up to `depth` queued
 * per worker, and one at a time to this thread, which lets the workers' answers in between. Resolves
 * when every task handed out is answered.
 */
async function share(
  pool: readonly Worker[],
  s: Setup,
  depth: number,
  next: () => Task | null,
  onAnswer: (a: Answer) => void,
  received: (a: Answer) => void = onAnswer,
): Promise<void> {
  const queued = new Map<Worker, number>(pool.map((w) => [w, 0]));
  let outstanding = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let done = false;
  const refill = (): void => {
    for (const w of pool) {
      while (!done && failure === null && queued.get(w)! < depth) {
        const task = next();
        if (task === null) {
          done = true;
          break;
        }
        queued.set(w, queued.get(w)! + 1);
        outstanding++;
        w.postMessage(portableTask(task));
      }
    }
  };
  const listeners = pool.map((w) => {
    const onMessage = (a: Answer): void => {
      queued.set(w, queued.get(w)! - 1);
      outstanding--;
      if (a.kind === 'failed') failure ??= new Error(`explore worker: ${a.error}`);
      else received(a);
      refill();
      wake?.();
    };
    const onError = (err: Error): void => {
      failure ??= err;
      wake?.();
    };
    const onExit = (code: number): void => {
      failure ??= new Error(`an explore worker exited with code ${code} before its answers`);
      wake?.();
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    return () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
  });
  try {
    refill();
    while (failure === null) {
      const task = done ? null : next();
      if (task !== null) {
        onAnswer(perform(s, task));
        refill();
        // Lets the workers' answers in before this thread takes its next task.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      done = true;
      if (outstanding === 0) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    if (failure !== null) throw failure;
  } finally {
    for (const off of listeners) off();
  }
}

/** The worker's entry (workerEntry.ts); null from the TypeScript sources, where the work stays in this thread. */
export function exploreWorkerUrl(): URL | null {
  return workerEntry(import.meta.url, 'exploreWorker', 'explore');
}
