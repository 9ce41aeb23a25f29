/**
 * Postfix as a staged MTA: one instance per host, from the unpacked Debian package, with its own
 * config, queue and data directories (`postfix -c DIR start-fg`: the master stays in the
 * foreground, a child of the harness). Its log (postlogd → /dev/stdout) is read from a pipe and
 * written to `log/maillog` with a millisecond UTC timestamp in front of each line, because Postfix's
 * own timestamps have whole seconds and the observation orders events across hosts.
 * Queue runs are `postqueue -f`; a run is over when nothing is in its incoming or active queue and
 * its log has been silent a moment (Postfix's own processes live on between deliveries).
 */
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { DriverContext, MtaDriver } from '../driver.js';
import type { RunResult } from '../netns.js';
import { SUBMISSION_PORT, type StageHost, type StagePlan } from '../plan.js';
import { readIf } from '../read.js';
import type { PostfixTools } from '../tools.js';
import { postfixFiles } from './index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const FLUSH_MARKER = 'MXP log flush';

/** The queue directories owned by the postfix user, mode 0700 (Debian's postfix-files). */
const QUEUE_DIRS = ['active', 'bounce', 'corrupt', 'defer', 'deferred', 'flush', 'hold', 'incoming', 'private', 'saved', 'trace'];

/** `2026-12-05 08:22:54.123 ` in UTC, as Exim writes with `+millisec` and `timezone = UTC`. */
export function stamp(at: Date): string {
  return at.toISOString().replace('T', ' ').slice(0, 23);
}

export class PostfixDriver implements MtaDriver {
  readonly mta = 'postfix' as const;
  private readonly masters = new Map<string, ChildProcess>();
  private flushes = 0;
  /** When each instance last logged something other than a flush marker. */
  private readonly lastLine = new Map<string, number>();

  constructor(
    private readonly plan: StagePlan,
    private readonly tools: PostfixTools,
    private readonly ctx: DriverContext,
  ) {}

  private etc(h: StageHost): string {
    return join(this.ctx.dir(h), 'etc');
  }

  private logFile(h: StageHost): string {
    return join(this.ctx.dir(h), 'log', 'maillog');
  }

  /** A Postfix command for this host's instance, with the package's library directory. */
  private command(h: StageHost, program: string, ...args: string[]): string[] {
    return ['env', `LD_LIBRARY_PATH=${this.tools.libDir}`, program, '-c', this.etc(h), ...args];
  }

  prepare(h: StageHost): void {
    const d = this.ctx.dir(h);
    const files = postfixFiles(this.plan, h, { dir: d, root: this.tools.root, uid: this.tools.uid, gid: this.tools.gid });
    // The config and queue directories belong to root; data and mail to the postfix user.
    for (const sub of ['etc', 'queue', 'log']) mkdirSync(join(d, sub), { recursive: true, mode: 0o755 });
    for (const sub of ['data', 'mail']) this.dirOwned(join(d, sub), 0o700, this.tools.uid, this.tools.gid);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(d, 'etc', name), text, { mode: 0o644 });
    // The queue as `postfix check` would create it (postfix-files), and `quick-start`, which makes
    // postfix-script skip its integrity checks: they cost seconds per start and check a fresh
    // directory the harness has just made.
    const q = join(d, 'queue');
    for (const sub of QUEUE_DIRS) this.dirOwned(join(q, sub), 0o700, this.tools.uid, 0);
    this.dirOwned(join(q, 'maildrop'), 0o730, this.tools.uid, this.tools.postdropGid);
    this.dirOwned(join(q, 'public'), 0o710, this.tools.uid, this.tools.postdropGid);
    this.dirOwned(join(q, 'pid'), 0o755, 0, 0);
  }

  private dirOwned(path: string, mode: number, uid: number, gid: number): void {
    mkdirSync(path, { recursive: true });
    chownSync(path, uid, gid);
    chmodSync(path, mode);
  }

  async start(h: StageHost): Promise<void> {
    const log = this.logFile(h);
    // postfix-script removes it at each start; a transient host is started twice.
    writeFileSync(join(this.ctx.dir(h), 'queue', 'quick-start'), '');
    const before = this.log(h).split('daemon started').length;
    // postlogd opens /dev/stdout by name, which works on a pipe but not on the socket Node gives a
    // child: the master writes into a real pipe, and `cat` passes it on to us unbuffered.
    const child = this.ctx.ns().spawn(['sh', '-c', 'exec 2>&1; "$@" | cat', 'sh', ...this.command(h, this.tools.postfix, 'start-fg')], ['ignore', 'pipe', 'pipe']);
    for (const stream of [child.stdout!, child.stderr!]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const at = stamp(new Date());
        const text = partial + chunk.toString();
        const lines = text.split('\n');
        partial = lines.pop()!;
        if (lines.length === 0) return;
        appendFileSync(log, lines.map((l) => `${at} ${l}\n`).join(''));
        if (lines.some((l) => !l.includes(FLUSH_MARKER))) this.lastLine.set(h.name, Date.now());
      });
      stream.on('end', () => partial !== '' && appendFileSync(log, `${stamp(new Date())} ${partial}\n`));
    }
    this.ctx.track(child, h);
    this.masters.set(h.name, child);
    await this.ctx.until(
      () => this.log(h).split('daemon started').length > before,
      10_000,
      () => `the Postfix instance of ${h.name} did not start: ${this.log(h).trim().split('\n').slice(-4).join(' | ') || 'no output'}`,
    );
    const ports = [...h.ports, ...(h.submission ? [SUBMISSION_PORT] : [])];
    this.ctx.note(`${h.name}: Postfix up on ${h.address} port ${ports.join(', ')}`);
  }

  async stop(h: StageHost): Promise<void> {
    const child = this.masters.get(h.name);
    if (child === undefined) return;
    this.masters.delete(h.name);
    const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    await this.ctx.ns().run(this.command(h, this.tools.postfix, 'stop'), 15_000);
    await Promise.race([exited, sleep(5000)]);
  }

  async runQueue(h: StageHost): Promise<RunResult> {
    const before = this.log(h).length;
    const r = await this.ctx.ns().run(this.command(h, this.tools.postqueue, '-f'), 30_000);
    // postqueue -f only asks the queue manager; wait until it has started on the queue.
    const end = Date.now() + 2000;
    while (Date.now() < end && this.log(h).length === before) await sleep(20);
    return r;
  }

  queued(h: StageHost): string[] {
    const ids: string[] = [];
    for (const queue of ['incoming', 'active', 'deferred', 'hold', 'maildrop']) {
      for (const file of filesUnder(join(this.ctx.dir(h), 'queue', queue))) {
        const m = /Message-Id: <([^>]+)>/i.exec(readIf(file));
        ids.push(m?.[1] ?? file);
      }
    }
    return ids;
  }

  log(h: StageHost): string {
    return readIf(this.logFile(h));
  }

  problems(h: StageHost): string {
    return this.log(h)
      .split('\n')
      .filter((l) => /postfix\/\S+\[\d+\]: (fatal|panic|error):/.test(l))
      .join('\n');
  }

  config(h: StageHost): string {
    const etc = this.etc(h);
    if (!existsSync(etc)) return '';
    return readdirSync(etc)
      .sort()
      .map((f) => `# ==> ${f} <==\n${readIf(join(etc, f))}`)
      .join('\n');
  }

  /**
   * Postfix programs send their log records to postlogd, which writes them to the pipe the harness
   * reads: a record can be on its way after the work it reports is done, longer on a loaded machine.
   * postlogd takes records in order, so once a marker sent now (postlog) is in the file, every
   * record sent before it is too.
   */
  async flushLog(h: StageHost): Promise<boolean> {
    if (!this.masters.has(h.name)) return false;
    const marker = `${FLUSH_MARKER} ${++this.flushes}`;
    const before = this.log(h).length;
    await this.ctx.ns().run(this.command(h, this.tools.postlog, '-t', 'postfix/mxproof', '-p', 'info', marker), 10_000);
    const end = Date.now() + 5000;
    while (Date.now() < end && !this.log(h).includes(marker)) await sleep(10);
    const arrived = this.log(h).slice(before);
    return arrived.split('\n').some((l) => l !== '' && !l.includes(marker));
  }

  busy(h: StageHost, stableMs: number): boolean {
    const q = join(this.ctx.dir(h), 'queue');
    if (['incoming', 'active', 'maildrop'].some((queue) => filesUnder(join(q, queue)).length > 0)) return true;
    return Date.now() - (this.lastLine.get(h.name) ?? 0) < stableMs;
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}
