/**
 * Stages a topology: a namespace, dnsmasq, one Exim daemon per host, each message submitted with
 * swaks to its origin, queues run a bounded number of rounds, and everything the MTAs wrote
 * collected. The namespace and every process in it are removed in `finally`, whatever happened.
 *
 * The schedule, bounded in time (docs/fidelity.md):
 *   round 1        transient hosts down; each message submitted; the origin tries at once
 *   round 2        transient hosts still down; every host runs its queue (`exim -qff`)
 *   rounds 3..N    transient hosts back up; every host runs its queue
 * Between rounds the harness waits until no process but the daemons is left in the namespace.
 * `down` hosts never start. A run stops early once no queue holds anything and no host is down.
 */
import { type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Topology } from '../../models/topology/types.js';
import { dnsmasqArgs, HOSTS_FILE, RESOLV_CONF } from './dnsmasq.js';
import { DEFAULT_EXIM_SETTINGS, eximConfig, mailboxFile, type EximSettings } from './exim.js';
import { Namespace, WORK_DIR_PREFIX, type RunResult } from './netns.js';
import { INJECTOR_ADDRESS, hostByName, listens, planStage, SUBMISSION_PORT, type StageHost, type StagePlan } from './plan.js';
import { findTools, type StageTools } from './tools.js';

export interface StageOptions {
  /** Rounds in all, the submission round included (default 4). */
  rounds?: number;
  ipLock?: EximSettings['ipLock'];
  calloutTimeout?: number;
  acceptMax?: number;
  /** The whole run is bounded by this (default 60 s); rounds stop when it passes. */
  deadlineMs?: number;
  /** Keep the working directory (configurations, logs, mailboxes) instead of removing it. */
  keep?: boolean;
  onProgress?: (line: string) => void;
}

export interface HostArtifacts {
  name: string;
  address: string;
  config: string;
  mainlog: string;
  paniclog: string;
  /** Mailbox files by address (and `external` for a sink). */
  mail: Record<string, string>;
  /** Message-IDs of the messages still in its queue at the end. */
  queued: string[];
}

export interface StageRun {
  plan: StagePlan;
  options: Required<Omit<StageOptions, 'onProgress' | 'keep'>>;
  /** The working directory (removed unless `keep`). */
  dir: string;
  hosts: HostArtifacts[];
  dnsLog: string;
  submissions: { message: number; ok: boolean; transcript: string }[];
  /** What the harness did, in order, with milliseconds since the start. */
  schedule: string[];
  roundsRun: number;
  deadlineHit: boolean;
  durationMs: number;
  /** Anything that went wrong while cleaning up (empty on a clean run). */
  cleanup: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Stage {
  readonly started = Date.now();
  readonly schedule: string[] = [];
  private readonly daemons = new Map<string, ChildProcess>();
  private readonly longLived = new Set<number>();
  private ns: Namespace | null = null;

  constructor(
    readonly plan: StagePlan,
    readonly tools: StageTools,
    readonly dir: string,
    readonly settings: Omit<EximSettings, 'dir' | 'user' | 'group'>,
    readonly deadline: number,
    private readonly progress: (line: string) => void,
  ) {}

  note(text: string): void {
    const line = `+${String(Date.now() - this.started).padStart(5)} ms  ${text}`;
    this.schedule.push(line);
    this.progress(line);
  }

  hostDir(h: StageHost): string {
    return join(this.dir, h.name);
  }

  prepareFiles(): void {
    for (const h of this.plan.hosts) {
      const d = this.hostDir(h);
      for (const sub of ['spool', 'log', 'mail']) mkdirSync(join(d, sub), { recursive: true });
      writeFileSync(join(d, 'exim.conf'), eximConfig(this.plan, h, { ...this.settings, dir: d, user: this.tools.user, group: this.tools.group }));
      writeFileSync(join(d, 'mailboxes'), mailboxFile(h, d));
    }
    chownTree(this.dir, this.tools.uid, this.tools.gid);
  }

  async openNamespace(): Promise<Namespace> {
    this.ns = await Namespace.create({ resolvConf: RESOLV_CONF, hosts: HOSTS_FILE });
    this.note(`namespace ${this.ns.name} created`);
    return this.ns;
  }

  async startDns(): Promise<void> {
    const out = join(this.dir, 'dnsmasq.log');
    const fd = openSync(out, 'a');
    const child = this.ns!.spawn([this.tools.dnsmasq, ...dnsmasqArgs(this.plan)], ['ignore', fd, fd]);
    closeSync(fd);
    this.track(child);
    await this.until(() => readFileSync(out, 'utf8').includes('started, version'), 5000, () => `dnsmasq did not start: ${readIf(out).trim().split('\n').slice(-3).join(' | ')}`);
    this.note(`dnsmasq answers on 127.0.0.1:53 (${this.plan.dns.mx.length} MX, ${this.plan.dns.a.length} A, ${this.plan.dns.cname.length} CNAME records)`);
  }

  private track(child: ChildProcess): void {
    if (child.pid !== undefined) this.longLived.add(child.pid);
    child.on('exit', () => child.pid !== undefined && this.longLived.delete(child.pid));
  }

  private asExim(args: string[]): string[] {
    return ['setpriv', `--reuid=${this.tools.uid}`, `--regid=${this.tools.gid}`, '--clear-groups', this.tools.exim, ...args];
  }

  private conf(h: StageHost): string {
    return join(this.hostDir(h), 'exim.conf');
  }

  async startDaemon(h: StageHost): Promise<void> {
    const d = this.hostDir(h);
    const fd = openSync(join(d, 'daemon.out'), 'a');
    const before = this.mainlog(h).split('daemon started').length;
    const child = this.ns!.spawn(this.asExim(['-C', this.conf(h), '-bdf']), ['ignore', fd, fd]);
    closeSync(fd);
    this.track(child);
    this.daemons.set(h.name, child);
    await this.until(() => this.mainlog(h).split('daemon started').length > before, 5000, () => {
      const why = [readIf(join(d, 'daemon.out')), readIf(join(d, 'log', 'paniclog'))].join('\n').trim().split('\n').slice(-4).join(' | ');
      return `the Exim daemon of ${h.name} did not start: ${why || 'no output'}`;
    });
    const ports = [...h.ports, ...(h.submission ? [SUBMISSION_PORT] : [])];
    this.note(`${h.name}: Exim daemon up on ${h.address} port ${ports.join(', ')}`);
  }

  async stopDaemon(h: StageHost, why: string): Promise<void> {
    const child = this.daemons.get(h.name);
    if (child === undefined) return;
    this.daemons.delete(h.name);
    const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    this.note(`${h.name}: Exim daemon stopped (${why})`);
  }

  running(h: StageHost): boolean {
    return this.daemons.has(h.name);
  }

  mainlog(h: StageHost): string {
    return readIf(join(this.hostDir(h), 'log', 'mainlog'));
  }

  async submit(messageIndex: number): Promise<{ ok: boolean; transcript: string }> {
    const m = this.plan.messages[messageIndex]!;
    const origin = hostByName(this.plan, m.origin)!;
    const r = await this.ns!.run(
      [
        this.tools.swaks,
        '--server', origin.address, '--port', String(SUBMISSION_PORT), '--local-interface', INJECTOR_ADDRESS,
        '--helo', 'harness.stage.invalid', '--from', m.from, '--to', m.to,
        '--header', `Message-Id: <${m.messageId}>`, '--header', `Subject: mxproof stage message ${m.index}`,
        '--body', `mxproof stage: message ${m.index} from ${m.from} to ${m.to}, sent by ${m.origin}`,
        '--timeout', '30',
      ],
      35_000,
    );
    const ok = r.code === 0;
    this.note(`message ${m.index} <${m.to}> submitted to ${m.origin} with swaks: ${ok ? '250 accepted' : `failed (exit ${r.code})`}`);
    return { ok, transcript: r.stdout + r.stderr };
  }

  async runQueue(h: StageHost): Promise<RunResult> {
    return this.ns!.run(this.asExim(['-C', this.conf(h), '-qff']), 60_000);
  }

  /** Our messages (and bounces) still in a host's queue. */
  queued(h: StageHost): string[] {
    const input = join(this.hostDir(h), 'spool', 'input');
    if (!existsSync(input)) return [];
    const ids: string[] = [];
    for (const f of readdirSync(input)) {
      if (!f.endsWith('-H')) continue;
      const text = readIf(join(input, f));
      const m = /Message-Id: <([^>]+)>/i.exec(text);
      ids.push(m?.[1] ?? f.slice(0, -2));
    }
    return ids;
  }

  /** Waits until only the daemons and dnsmasq are left in the namespace, for `stableMs` in a row. */
  async quiet(stableMs = 300): Promise<void> {
    let since = Date.now();
    while (Date.now() < this.deadline) {
      const busy = this.ns!.pids().some((p) => !this.longLived.has(p));
      if (busy) since = Date.now();
      else if (Date.now() - since >= stableMs) return;
      await sleep(25);
    }
  }

  private async until(test: () => boolean, ms: number, what: () => string): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (test()) return;
      await sleep(20);
    }
    throw new Error(what());
  }

  async close(): Promise<string[]> {
    return this.ns === null ? [] : this.ns.destroy();
  }
}

function readIf(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
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

/** Stages the topology and returns what the MTAs did. Throws UnsupportedTopology or a setup error. */
export async function stageTopology(topology: Topology, options: StageOptions = {}): Promise<StageRun> {
  const opts = {
    rounds: options.rounds ?? 4,
    ipLock: options.ipLock ?? DEFAULT_EXIM_SETTINGS.ipLock,
    calloutTimeout: options.calloutTimeout ?? DEFAULT_EXIM_SETTINGS.calloutTimeout,
    acceptMax: options.acceptMax ?? DEFAULT_EXIM_SETTINGS.acceptMax,
    deadlineMs: options.deadlineMs ?? 60_000,
  };
  const tools = findTools();
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  const plan = planStage(topology, runId);
  // A run killed before its `finally` leaves this directory; the next run removes it (netns.ts).
  const dir = mkdtempSync(join(tmpdir(), options.keep ? 'mxproof-kept-' : `${WORK_DIR_PREFIX}${process.pid}-`));
  const stage = new Stage(
    plan,
    tools,
    dir,
    { ipLock: opts.ipLock, calloutTimeout: opts.calloutTimeout, acceptMax: opts.acceptMax },
    Date.now() + opts.deadlineMs,
    options.onProgress ?? (() => {}),
  );
  const submissions: StageRun['submissions'] = [];
  let roundsRun = 0;
  let cleanup: string[] = [];
  let hosts: HostArtifacts[] = [];
  let dnsLog = '';
  try {
    stage.prepareFiles();
    await stage.openNamespace();
    await stage.startDns();
    const transient = plan.hosts.filter((h) => h.fault === 'transient');
    for (const h of plan.hosts) {
      if (!listens(h)) continue;
      if (h.fault === 'transient' && !h.submission) continue;
      await stage.startDaemon(h);
    }
    for (const h of plan.hosts.filter((x) => x.fault === 'down')) stage.note(`${h.name}: down (fault: down), never started`);
    for (const h of transient.filter((x) => !x.submission)) stage.note(`${h.name}: down for rounds 1-2 (fault: transient)`);

    stage.note('round 1: submit every message; each origin tries to deliver at once');
    for (const m of plan.messages) submissions.push({ message: m.index, ...(await stage.submit(m.index)) });
    for (const h of transient.filter((x) => x.submission && stage.running(x))) await stage.stopDaemon(h, 'fault: transient; it was up only to take its submission');
    await stage.quiet();
    roundsRun = 1;
    for (let round = 2; round <= opts.rounds && Date.now() < stage.started + opts.deadlineMs; round++) {
      if (round === 3) for (const h of transient) if (listens(h)) await stage.startDaemon(h);
      const pending = plan.hosts.filter((h) => h.fault !== 'down' && stage.queued(h).length > 0);
      const stillDown = round < 3 && transient.length > 0;
      if (pending.length === 0 && !stillDown) {
        stage.note(`round ${round}: every queue is empty, nothing left to run`);
        break;
      }
      stage.note(`round ${round}: queue runs (exim -qff) on ${pending.map((h) => h.name).join(', ') || 'no host'}`);
      for (const h of pending) await stage.runQueue(h);
      await stage.quiet();
      roundsRun = round;
    }
    if (Date.now() >= stage.started + opts.deadlineMs) stage.note(`deadline of ${opts.deadlineMs} ms reached`);
    stage.note('collecting logs and mailboxes');
  } finally {
    hosts = plan.hosts.map((h) => ({
      name: h.name,
      address: h.address,
      config: readIf(join(stage.hostDir(h), 'exim.conf')),
      mainlog: stage.mainlog(h),
      paniclog: readIf(join(stage.hostDir(h), 'log', 'paniclog')),
      mail: Object.fromEntries(
        (existsSync(join(stage.hostDir(h), 'mail')) ? readdirSync(join(stage.hostDir(h), 'mail')) : []).map((f) => [f, readIf(join(stage.hostDir(h), 'mail', f))]),
      ),
      queued: stage.queued(h),
    }));
    dnsLog = readIf(join(dir, 'dnsmasq.log'));
    cleanup = await stage.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
  return {
    plan,
    options: opts,
    dir,
    hosts,
    dnsLog,
    submissions,
    schedule: stage.schedule,
    roundsRun,
    deadlineHit: Date.now() >= stage.started + opts.deadlineMs,
    durationMs: Date.now() - stage.started,
    cleanup,
  };
}
