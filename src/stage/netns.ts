/**
 * A network namespace of our own and the processes in it. Every process the harness starts runs
 * inside it (`ip netns exec`), so whatever listens, listens on the namespace's loopback only; and
 * `destroy()` ends every process found in it (by process id, found through /proc) before deleting
 * it, so a run leaves nothing behind even when it fails half-way.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a command to its end, or kills its process group when `timeoutMs` passes. */
export function runCommand(cmd: string, args: readonly string[], timeoutMs: number): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let child: ChildProcess;
    try {
      child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      resolve({ code: 127, signal: null, stdout, stderr: String(err), timedOut, ms: 0 });
      return;
    }
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: 127, signal: null, stdout, stderr: stderr + String(err), timedOut, ms: Date.now() - started });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

const NAME_PREFIX = 'mxproof-stage-';
/** Working directories are `<tmpdir>/mxproof-run-<pid>-XXXXXX` (see run.ts). */
export const WORK_DIR_PREFIX = 'mxproof-run-';
let sequence = 0;

/** A process that exists and is not a zombie (a killed run's process may linger unreaped). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !'ZXx'.includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

export class Namespace {
  private destroyed = false;

  /** Use `create()`; the constructor only adopts an existing namespace (for cleanup). */
  constructor(
    readonly name: string,
    private readonly inode: number,
  ) {}

  /**
   * Creates the namespace with its loopback up, the staging addresses on it, ports below 1024 open
   * to the Exim user, and its own resolver files.
   */
  static async create(files: { resolvConf: string; hosts: string; addresses?: readonly string[] }): Promise<Namespace> {
    await removeStale();
    const name = `${NAME_PREFIX}${process.pid}-${++sequence}`;
    const add = await runCommand('ip', ['netns', 'add', name], 10_000);
    if (add.code !== 0) throw new Error(`ip netns add ${name} failed: ${add.stderr.trim() || `exit ${add.code}`}`);
    let ns: Namespace | null = null;
    try {
      ns = new Namespace(name, statSync(`/run/netns/${name}`).ino);
      const etc = `/etc/netns/${name}`;
      mkdirSync(etc, { recursive: true });
      writeFileSync(join(etc, 'resolv.conf'), files.resolvConf);
      writeFileSync(join(etc, 'hosts'), files.hosts);
      await ns.check(['ip', 'link', 'set', 'lo', 'up']);
      // Every 127.x address already answers on lo; Postfix binds only to an address an interface
      // lists (inet_interfaces), so each staging address is put on lo explicitly.
      const addresses = files.addresses ?? [];
      if (addresses.some((a) => !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a))) throw new Error(`not a loopback address: ${addresses.join(', ')}`);
      if (addresses.length > 0) await ns.check(['sh', '-c', addresses.map((a) => `ip addr add ${a}/32 dev lo`).join(' && ')]);
      // Per namespace: lets the Exim user's daemons bind port 25 here, and only here.
      await ns.check(['sh', '-c', 'echo 0 > /proc/sys/net/ipv4/ip_unprivileged_port_start']);
      return ns;
    } catch (err) {
      if (ns !== null) await ns.destroy();
      else await runCommand('ip', ['netns', 'delete', name], 10_000);
      throw err;
    }
  }

  private async check(args: string[]): Promise<void> {
    const r = await this.run(args, 10_000);
    if (r.code !== 0) throw new Error(`${args.join(' ')} in ${this.name} failed: ${r.stderr.trim() || `exit ${r.code}`}`);
  }

  /** Starts a long-lived process inside the namespace, in a process group of its own. */
  spawn(args: readonly string[], stdio: StdioOptions): ChildProcess {
    return spawn('ip', ['netns', 'exec', this.name, ...args], { detached: true, stdio });
  }

  run(args: readonly string[], timeoutMs: number): Promise<RunResult> {
    return runCommand('ip', ['netns', 'exec', this.name, ...args], timeoutMs);
  }

  /** Every process whose network namespace is this one. */
  pids(): number[] {
    const want = `net:[${this.inode}]`;
    const out: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readlinkSync(`/proc/${entry}/ns/net`) === want) out.push(Number(entry));
      } catch {
        // the process ended while we looked
      }
    }
    return out;
  }

  /** Ends every process in the namespace (TERM, then KILL), deletes it and its /etc/netns files. */
  async destroy(): Promise<string[]> {
    if (this.destroyed) return [];
    this.destroyed = true;
    const problems: string[] = [];
    for (let round = 0; round < 20; round++) {
      const pids = this.pids();
      if (pids.length === 0) break;
      for (const pid of pids) {
        try {
          process.kill(pid, round < 3 ? 'SIGTERM' : 'SIGKILL');
        } catch {
          // gone
        }
      }
      await sleep(round < 3 ? 100 : 200);
      if (round === 19) problems.push(`processes ${this.pids().join(', ')} survived SIGKILL`);
    }
    const del = await runCommand('ip', ['netns', 'delete', this.name], 10_000);
    if (del.code !== 0) problems.push(`ip netns delete ${this.name}: ${del.stderr.trim()}`);
    try {
      rmSync(`/etc/netns/${this.name}`, { recursive: true, force: true });
    } catch (err) {
      problems.push(`removing /etc/netns/${this.name}: ${String(err)}`);
    }
    return problems;
  }
}

/** Namespaces and working directories a previous run left behind (its process is gone): clean them up. */
async function removeStale(): Promise<void> {
  const list = await runCommand('ip', ['netns', 'list'], 10_000);
  for (const line of list.stdout.split('\n')) {
    const m = new RegExp(`^(${NAME_PREFIX}(\\d+)-\\d+)`).exec(line.trim());
    if (m === null || alive(Number(m[2]))) continue;
    let inode: number;
    try {
      inode = statSync(`/run/netns/${m[1]}`).ino;
    } catch {
      continue;
    }
    await new Namespace(m[1]!, inode).destroy();
  }
  for (const entry of readdirSync(tmpdir())) {
    const m = new RegExp(`^${WORK_DIR_PREFIX}(\\d+)-`).exec(entry);
    if (m !== null && !alive(Number(m[1]))) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}
