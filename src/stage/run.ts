/**
 * Stages a topology: a namespace, dnsmasq, one MTA per host (an Exim daemon or a Postfix instance,
 * driven through `MtaDriver`), each message submitted with swaks to its origin, queues run a
 * bounded number of rounds, and everything the MTAs wrote collected. The namespace and every
 * process in it are removed in `finally`, whatever happened.
 *
 * The schedule, bounded in time (docs/fidelity.md):
 *   round 1        transient hosts down; each message submitted; the origin tries at once
 *   round 2        transient hosts still down; every host runs its queue (`exim -qff`, `postqueue -f`)
 *   rounds 3..N    transient hosts back up; every host runs its queue
 * Between rounds the harness waits until the namespace is quiet (`Stage.quiet`). `down` hosts
 * never start. A run stops early once no queue holds anything and no host is down.
 */
import { type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Topology } from '../../models/topology/types.js';
import { dnsmasqArgs, HOSTS_FILE, RESOLV_CONF } from './dnsmasq.js';
import type { DriverContext, MtaDriver } from './driver.js';
import { EximDriver } from './exim-daemon.js';
import { DEFAULT_EXIM_SETTINGS } from './exim.js';
import { Namespace, WORK_DIR_PREFIX, type RunResult } from './netns.js';
import { INJECTOR_ADDRESS, hostByName, listens, planStage, STAGE_MTAS, SUBMISSION_PORT, type StageHost, type StageMta, type StagePlan } from './plan.js';
import { PostfixDriver } from './postfix/daemon.js';
import { readIf } from './read.js';
import { findPostfix, findTools, postfixUnavailable, type StageTools } from './tools.js';

export interface StageOptions {
  /** Rounds in all, the submission round included (default 4). */
  rounds?: number;
  /** Run every host that can run it on this MTA (default: each host's `software` decides). */
  mta?: StageMta;
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
  mta: StageMta;
  config: string;
  /** The MTA's log: Exim's mainlog, or Postfix's maillog with millisecond timestamps. */
  mainlog: string;
  /** What the MTA reported outside its log (Exim's paniclog), or its fatal lines (Postfix). */
  paniclog: string;
  /** Mailbox files by address (and `external` for a sink). */
  mail: Record<string, string>;
  /** Message-IDs of the messages still in its queue at the end. */
  queued: string[];
}

export interface StageRun {
  plan: StagePlan;
  options: Required<Omit<StageOptions, 'onProgress' | 'keep' | 'mta'>> & { mta: StageMta | null };
  /** The working directory (removed unless `keep`). */
  dir: string;
  /** The network namespace it ran in (deleted at the end). */
  namespace: string;
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

/** The MTAs installed here (Exim is required for staging at all; Postfix is optional). */
export function installedMtas(): StageMta[] {
  return postfixUnavailable() === null ? [...STAGE_MTAS] : ['exim'];
}

class Stage implements DriverContext {
  readonly started = Date.now();
  readonly schedule: string[] = [];
  private readonly running = new Set<string>();
  private readonly longLived = new Set<number>();
  /** Postfix masters: every process below one is part of that instance, never "work". */
  private readonly instanceRoots = new Set<number>();
  private namespace: Namespace | null = null;
  readonly drivers: Record<StageMta, MtaDriver | null>;

  private readonly tools: StageTools;

  constructor(
    readonly plan: StagePlan,
    readonly runDir: string,
    settings: { calloutTimeout: number; acceptMax: number },
    readonly deadline: number,
    private readonly progress: (line: string) => void,
  ) {
    const tools = findTools();
    this.tools = tools;
    this.drivers = {
      exim: new EximDriver(plan, tools, settings, this),
      postfix: plan.hosts.some((h) => h.mta === 'postfix') ? new PostfixDriver(plan, findPostfix(), this) : null,
    };
  }

  driver(h: StageHost): MtaDriver {
    const d = this.drivers[h.mta];
    if (d === null) throw new Error(`${h.name} runs on ${h.mta}, which is not set up`);
    return d;
  }

  get namespaceName(): string {
    return this.namespace?.name ?? '';
  }

  ns(): Namespace {
    if (this.namespace === null) throw new Error('the namespace is not created yet');
    return this.namespace;
  }

  note(text: string): void {
    const line = `+${String(Date.now() - this.started).padStart(5)} ms  ${text}`;
    this.schedule.push(line);
    this.progress(line);
  }

  dir(h: StageHost): string {
    return join(this.runDir, h.name);
  }

  prepareFiles(): void {
    // Root's, and traversable by the Exim and Postfix users, whose own directories are below.
    chmodSync(this.runDir, 0o711);
    for (const h of this.plan.hosts) {
      mkdirSync(this.dir(h), { recursive: true });
      this.driver(h).prepare(h);
    }
  }

  async openNamespace(): Promise<void> {
    const addresses = [...this.plan.hosts.map((h) => h.address), INJECTOR_ADDRESS];
    this.namespace = await Namespace.create({ resolvConf: RESOLV_CONF, hosts: HOSTS_FILE, addresses });
    this.note(`namespace ${this.namespace.name} created`);
  }

  async startDns(): Promise<void> {
    const out = join(this.runDir, 'dnsmasq.log');
    const fd = openSync(out, 'a');
    const child = this.ns().spawn([this.tools.dnsmasq, ...dnsmasqArgs(this.plan)], ['ignore', fd, fd]);
    closeSync(fd);
    this.trackProcess(child);
    await this.until(() => readFileSync(out, 'utf8').includes('started, version'), 5000, () => `dnsmasq did not start: ${readIf(out).trim().split('\n').slice(-3).join(' | ')}`);
    this.note(`dnsmasq answers on 127.0.0.1:53 (${this.plan.dns.mx.length} MX, ${this.plan.dns.a.length} A, ${this.plan.dns.cname.length} CNAME records)`);
  }

  private trackProcess(child: ChildProcess): void {
    if (child.pid !== undefined) this.longLived.add(child.pid);
    child.on('exit', () => child.pid !== undefined && this.longLived.delete(child.pid));
  }

  track(child: ChildProcess, owner: StageHost): void {
    this.trackProcess(child);
    if (owner.mta === 'postfix' && child.pid !== undefined) {
      this.instanceRoots.add(child.pid);
      child.on('exit', () => child.pid !== undefined && this.instanceRoots.delete(child.pid));
    }
  }

  async startDaemon(h: StageHost): Promise<void> {
    await this.driver(h).start(h);
    this.running.add(h.name);
  }

  async stopDaemon(h: StageHost, why: string): Promise<void> {
    if (!this.running.has(h.name)) return;
    await this.driver(h).flushLog(h);
    this.running.delete(h.name);
    await this.driver(h).stop(h);
    this.note(`${h.name}: ${h.mta === 'exim' ? 'Exim daemon' : 'Postfix'} stopped (${why})`);
  }

  isRunning(h: StageHost): boolean {
    return this.running.has(h.name);
  }

  async submit(messageIndex: number): Promise<{ ok: boolean; transcript: string }> {
    const m = this.plan.messages[messageIndex]!;
    const origin = hostByName(this.plan, m.origin)!;
    const r = await this.ns().run(
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

  runQueue(h: StageHost): Promise<RunResult> {
    return this.driver(h).runQueue(h);
  }

  queued(h: StageHost): string[] {
    return this.driver(h).queued(h);
  }

  /** Processes that are work: neither a daemon nor part of a Postfix instance. */
  private working(): boolean {
    const pids = this.ns().pids();
    if (this.instanceRoots.size === 0) return pids.some((p) => !this.longLived.has(p));
    const parent = new Map<number, number>();
    for (const p of pids) parent.set(p, parentOf(p));
    const inInstance = (p: number): boolean => {
      for (let q: number | undefined = p, hops = 0; q !== undefined && q > 1 && hops < 64; q = parent.get(q) ?? parentOf(q), hops++) {
        if (this.instanceRoots.has(q)) return true;
      }
      return false;
    };
    return pids.some((p) => !this.longLived.has(p) && !inInstance(p));
  }

  /**
   * Waits until no process is at work and no Postfix instance is busy, for `stableMs` in a row, and
   * every log line written so far has arrived (a line still on its way means it was not quiet).
   */
  async quiet(stableMs = 300): Promise<void> {
    let since = Date.now();
    while (Date.now() < this.deadline) {
      const busy = this.working() || this.plan.hosts.some((h) => this.isRunning(h) && this.driver(h).busy(h, stableMs));
      if (busy) since = Date.now();
      else if (Date.now() - since >= stableMs) {
        if (!(await this.flushLogs())) return;
        since = Date.now();
      }
      await sleep(25);
    }
  }

  /** Brings in every log line still on its way; true when some had not arrived. */
  async flushLogs(): Promise<boolean> {
    let late = false;
    for (const h of this.plan.hosts) if (this.isRunning(h) && (await this.driver(h).flushLog(h))) late = true;
    return late;
  }

  async until(test: () => boolean, ms: number, what: () => string): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (test()) return;
      await sleep(20);
    }
    throw new Error(what());
  }

  async close(): Promise<string[]> {
    return this.namespace === null ? [] : this.namespace.destroy();
  }
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** Stages the topology and returns what the MTAs did. Throws UnsupportedTopology or a setup error. */
export async function stageTopology(topology: Topology, options: StageOptions = {}): Promise<StageRun> {
  const opts = {
    rounds: options.rounds ?? 4,
    mta: options.mta ?? null,
    calloutTimeout: options.calloutTimeout ?? DEFAULT_EXIM_SETTINGS.calloutTimeout,
    acceptMax: options.acceptMax ?? DEFAULT_EXIM_SETTINGS.acceptMax,
    deadlineMs: options.deadlineMs ?? 60_000,
  };
  findTools();
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  const plan = planStage(topology, runId, { mta: options.mta, available: installedMtas() });
  // A run killed before its `finally` leaves this directory; the next run removes it (netns.ts).
  const dir = mkdtempSync(join(tmpdir(), options.keep ? 'mxproof-kept-' : `${WORK_DIR_PREFIX}${process.pid}-`));
  const stage = new Stage(plan, dir, { calloutTimeout: opts.calloutTimeout, acceptMax: opts.acceptMax }, Date.now() + opts.deadlineMs, options.onProgress ?? (() => {}));
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
    for (const h of transient.filter((x) => x.submission && stage.isRunning(x))) await stage.stopDaemon(h, 'fault: transient; it was up only to take its submission');
    await stage.quiet();
    roundsRun = 1;
    for (let round = 2; round <= opts.rounds && Date.now() < stage.started + opts.deadlineMs; round++) {
      if (round === 3) for (const h of transient) if (listens(h)) await stage.startDaemon(h);
      const pending = plan.hosts.filter((h) => h.fault !== 'down' && stage.isRunning(h) && stage.queued(h).length > 0);
      const stillDown = round < 3 && transient.length > 0;
      if (pending.length === 0 && !stillDown) {
        stage.note(`round ${round}: every queue is empty, nothing left to run`);
        break;
      }
      const how = (h: StageHost) => `${h.name} (${h.mta === 'exim' ? 'exim -qff' : 'postqueue -f'})`;
      stage.note(`round ${round}: queue runs on ${pending.map(how).join(', ') || 'no host'}`);
      for (const h of pending) await stage.runQueue(h);
      await stage.quiet();
      roundsRun = round;
    }
    if (Date.now() >= stage.started + opts.deadlineMs) stage.note(`deadline of ${opts.deadlineMs} ms reached`);
    await stage.flushLogs();
    stage.note('collecting logs and mailboxes');
  } finally {
    hosts = plan.hosts.map((h) => {
      const driver = stage.driver(h);
      const mail = join(stage.dir(h), 'mail');
      return {
        name: h.name,
        address: h.address,
        mta: h.mta,
        config: driver.config(h),
        mainlog: driver.log(h),
        paniclog: driver.problems(h),
        mail: Object.fromEntries(readdirIf(mail).map((f) => [f, readIf(join(mail, f))])),
        queued: driver.queued(h),
      };
    });
    dnsLog = readIf(join(dir, 'dnsmasq.log'));
    cleanup = await stage.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
  return {
    plan,
    options: opts,
    dir,
    namespace: stage.namespaceName,
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

function readdirIf(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
