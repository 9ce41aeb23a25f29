/**
 * Exim as a staged MTA: one daemon per host (`exim -C FILE -bdf`), queue runs with `exim -qff`,
 * every Exim process run as the Exim user (docs/fidelity.md, "Running Exim").
 */
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { DriverContext, MtaDriver } from './driver.js';
import { eximConfig, mailboxFile, type EximSettings } from './exim.js';
import type { RunResult } from './netns.js';
import { SUBMISSION_PORT, type StageHost, type StagePlan } from './plan.js';
import { readIf } from './read.js';
import type { StageTools } from './tools.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class EximDriver implements MtaDriver {
  readonly mta = 'exim' as const;
  private readonly daemons = new Map<string, ChildProcess>();

  constructor(
    private readonly plan: StagePlan,
    private readonly tools: StageTools,
    private readonly settings: Omit<EximSettings, 'dir' | 'user' | 'group'>,
    private readonly ctx: DriverContext,
  ) {}

  private conf(h: StageHost): string {
    return join(this.ctx.dir(h), 'exim.conf');
  }

  private asExim(args: string[]): string[] {
    return ['setpriv', `--reuid=${this.tools.uid}`, `--regid=${this.tools.gid}`, '--clear-groups', this.tools.exim, ...args];
  }

  prepare(h: StageHost): void {
    const d = this.ctx.dir(h);
    for (const sub of ['spool', 'log', 'mail']) mkdirSync(join(d, sub), { recursive: true });
    writeFileSync(this.conf(h), eximConfig(this.plan, h, { ...this.settings, dir: d, user: this.tools.user, group: this.tools.group }));
    writeFileSync(join(d, 'mailboxes'), mailboxFile(h, d));
    chownTree(d, this.tools.uid, this.tools.gid);
  }

  async start(h: StageHost): Promise<void> {
    const d = this.ctx.dir(h);
    const fd = openSync(join(d, 'daemon.out'), 'a');
    const before = this.log(h).split('daemon started').length;
    const child = this.ctx.ns().spawn(this.asExim(['-C', this.conf(h), '-bdf']), ['ignore', fd, fd]);
    closeSync(fd);
    this.ctx.track(child, h);
    this.daemons.set(h.name, child);
    await this.ctx.until(() => this.log(h).split('daemon started').length > before, 5000, () => {
      const why = [readIf(join(d, 'daemon.out')), this.problems(h)].join('\n').trim().split('\n').slice(-4).join(' | ');
      return `the Exim daemon of ${h.name} did not start: ${why || 'no output'}`;
    });
    const ports = [...h.ports, ...(h.submission ? [SUBMISSION_PORT] : [])];
    this.ctx.note(`${h.name}: Exim daemon up on ${h.address} port ${ports.join(', ')}`);
  }

  async stop(h: StageHost): Promise<void> {
    const child = this.daemons.get(h.name);
    if (child === undefined) return;
    this.daemons.delete(h.name);
    const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
  }

  runQueue(h: StageHost): Promise<RunResult> {
    return this.ctx.ns().run(this.asExim(['-C', this.conf(h), '-qff']), 60_000);
  }

  queued(h: StageHost): string[] {
    const input = join(this.ctx.dir(h), 'spool', 'input');
    if (!existsSync(input)) return [];
    const ids: string[] = [];
    for (const f of readdirSync(input)) {
      if (!f.endsWith('-H')) continue;
      const m = /Message-Id: <([^>]+)>/i.exec(readIf(join(input, f)));
      ids.push(m?.[1] ?? f.slice(0, -2));
    }
    return ids;
  }

  log(h: StageHost): string {
    return readIf(join(this.ctx.dir(h), 'log', 'mainlog'));
  }

  problems(h: StageHost): string {
    return readIf(join(this.ctx.dir(h), 'log', 'paniclog'));
  }

  config(h: StageHost): string {
    return readIf(this.conf(h));
  }

  busy(): boolean {
    // Every piece of Exim work is a process of its own (a delivery, a queue run, an SMTP session).
    return false;
  }

  flushLog(): Promise<boolean> {
    // Exim processes write their log lines themselves, before they exit.
    return Promise.resolve(false);
  }
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, entry.name);
    if (entry.isDirectory()) chownTree(p, uid, gid);
    else chownSync(p, uid, gid);
  }
}
