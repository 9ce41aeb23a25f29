/**
 * What staging needs from the machine, found once: the Exim binary and the Exim user, dnsmasq,
 * swaks, `ip netns`, and root (to create namespaces); for Postfix hosts, the Debian package
 * unpacked into POSTFIX_ROOT and the postfix user and postdrop group. `stagingUnavailable()` and
 * `postfixUnavailable()` say why staging cannot run here, or null when it can; nothing else here
 * changes the system (the namespace probe is created and deleted at once).
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runCommand } from './netns.js';

export interface StageTools {
  exim: string;
  dnsmasq: string;
  swaks: string;
  /** The Exim user and group every Exim process runs as (see docs/fidelity.md, "Running Exim"). */
  user: string;
  group: string;
  uid: number;
  gid: number;
}

const SEARCH = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

export function which(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SEARCH];
  for (const dir of dirs) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return null;
}

/** Where the Postfix package is unpacked (`dpkg -x`); `.ci/run` puts it there. */
export const POSTFIX_ROOT_DEFAULT = '/opt/mxproof-postfix';
export const postfixRoot = () => process.env.MXPROOF_POSTFIX_ROOT || POSTFIX_ROOT_DEFAULT;
/** How to install it, for messages (the same steps as `.ci/run`). */
export const POSTFIX_INSTALL = `apt-get download postfix && dpkg -x postfix_*.deb ${POSTFIX_ROOT_DEFAULT}, plus the postfix user and the postfix and postdrop groups (see .ci/run; MXPROOF_POSTFIX_ROOT overrides the directory)`;

export interface PostfixTools {
  root: string;
  /** The postfix(1) command, postqueue(1), and the directory of their shared libraries. */
  postfix: string;
  postqueue: string;
  postlog: string;
  libDir: string;
  /** The mail_owner (postfix user): virtual(8) writes mailboxes as it. */
  uid: number;
  gid: number;
  /** The setgid_group, which owns the maildrop and public queue directories. */
  postdropGid: number;
}

/** Finds the unpacked Postfix and its user and groups; throws with the list of what is missing. */
export function findPostfix(): PostfixTools {
  const root = postfixRoot();
  const missing: string[] = [];
  const postfix = `${root}/usr/sbin/postfix`;
  const postqueue = `${root}/usr/sbin/postqueue`;
  const postlog = `${root}/usr/sbin/postlog`;
  for (const path of [postfix, postqueue, postlog, `${root}/usr/lib/postfix/sbin/master`, `${root}/usr/lib/postfix/sbin/smtpd`]) {
    if (!executable(path)) missing.push(path);
  }
  const user = account('postfix');
  if (user === null) missing.push('the postfix user');
  const postdrop = groupId('postdrop');
  if (postdrop === null) missing.push('the postdrop group');
  if (missing.length > 0) throw new Error(`Postfix is not staged here (missing ${missing.join(', ')}); install: ${POSTFIX_INSTALL}`);
  return { root, postfix, postqueue, postlog, libDir: `${root}/usr/lib/postfix`, uid: user!.uid, gid: user!.gid, postdropGid: postdrop! };
}

/** Why Postfix hosts cannot be staged here, or null when they can. */
export function postfixUnavailable(): string | null {
  try {
    findPostfix();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function account(name: string): { uid: number; gid: number } | null {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
    if (line === undefined) return null;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return null;
  }
}

function groupId(name: string): number | null {
  try {
    const line = readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
    return line === undefined ? null : Number(line.split(':')[2]);
  } catch {
    return null;
  }
}

/** Finds the binaries and the Exim user; throws with the list of what is missing. */
export function findTools(): StageTools {
  const missing: string[] = [];
  const exim = which('exim4') ?? which('exim');
  if (exim === null) missing.push('exim (Debian: apt-get install exim4-daemon-light)');
  const dnsmasq = which('dnsmasq');
  if (dnsmasq === null) missing.push('dnsmasq (Debian: apt-get install dnsmasq-base)');
  const swaks = which('swaks');
  if (swaks === null) missing.push('swaks (Debian: apt-get install swaks)');
  if (which('ip') === null) missing.push('ip (Debian: apt-get install iproute2)');
  if (which('setpriv') === null) missing.push('setpriv (Debian: util-linux)');
  const user = eximUser();
  if (user === null) missing.push('the Exim user (Debian-exim or exim) in /etc/passwd');
  if (missing.length > 0) throw new Error(`missing: ${missing.join(', ')}`);
  return { exim: exim!, dnsmasq: dnsmasq!, swaks: swaks!, ...user! };
}

function eximUser(): { user: string; group: string; uid: number; gid: number } | null {
  let passwd: string;
  let groups: string;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
    groups = readFileSync('/etc/group', 'utf8');
  } catch {
    return null;
  }
  for (const name of ['Debian-exim', 'exim', 'mail']) {
    const line = passwd.split('\n').find((l) => l.startsWith(`${name}:`));
    if (line === undefined) continue;
    const [, , uid, gid] = line.split(':');
    const group = groups.split('\n').find((l) => l.split(':')[2] === gid)?.split(':')[0] ?? name;
    return { user: name, group, uid: Number(uid), gid: Number(gid) };
  }
  return null;
}

/** Why staging cannot run on this machine, or null when it can. Probes `ip netns` for real. */
export async function stagingUnavailable(): Promise<string | null> {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  try {
    findTools();
  } catch (err) {
    return (err as Error).message;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'ip netns needs root (run as root, or under sudo)';
  const probe = `mxproof-probe-${process.pid}`;
  const add = await runCommand('ip', ['netns', 'add', probe], 10_000);
  if (add.code !== 0) return `ip netns does not work here: ${add.stderr.trim() || `exit ${add.code}`}`;
  await runCommand('ip', ['netns', 'delete', probe], 10_000);
  return null;
}
