/**
 * What the runner needs from each real MTA it stages (Exim, Postfix): write a host's files, start
 * and stop its daemon, run its queue once, and say what is still queued, what it logged and whether
 * it is still at work. `exim-daemon.ts` and `postfix/daemon.ts` implement it; `run.ts` only
 * schedules.
 */
import type { ChildProcess } from 'node:child_process';
import type { Namespace, RunResult } from './netns.js';
import type { StageHost, StageMta } from './plan.js';

/** What a driver may use of the run: the namespace, the host's directory, and bookkeeping. */
export interface DriverContext {
  ns(): Namespace;
  /** The host's own directory under the run's working directory. */
  dir(h: StageHost): string;
  /** Registers a long-lived process (a daemon): it and, for Postfix, its children never count as work. */
  track(child: ChildProcess, owner: StageHost): void;
  note(text: string): void;
  until(test: () => boolean, ms: number, what: () => string): Promise<void>;
}

export interface MtaDriver {
  readonly mta: StageMta;
  /** Writes the host's configuration and directories (before the namespace exists). */
  prepare(h: StageHost): void;
  start(h: StageHost): Promise<void>;
  stop(h: StageHost): Promise<void>;
  /** One queue run: every queued message is tried now, retry times ignored. */
  runQueue(h: StageHost): Promise<RunResult>;
  /** Message-IDs of the messages (ours and bounces) still in its queue. */
  queued(h: StageHost): string[];
  /** The MTA's log so far, one line per event, timestamps to the millisecond (UTC). */
  log(h: StageHost): string;
  /** Problems the MTA reported outside its log (Exim's paniclog), or ''. */
  problems(h: StageHost): string;
  /** The generated configuration, as one text (for `--keep` and reports). */
  config(h: StageHost): string;
  /** Work in progress that no process of its own shows (Postfix: a message in its active queue). */
  busy(h: StageHost, stableMs: number): boolean;
  /**
   * Makes sure every line the MTA has logged so far is in `log(h)`; true when that brought in
   * lines that had not arrived yet (so the MTA was not quiet after all).
   */
  flushLog(h: StageHost): Promise<boolean>;
}
