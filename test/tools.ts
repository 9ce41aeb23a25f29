/**
 * Which system tools the suites that drive them can find, and what a suite does without them.
 *
 * `npm test` must pass on a machine with only Node and npm, so a suite that needs Chromium, SPIN,
 * gcc, git or bash calls `needsTools(...)`: with every tool present it returns true and the suite
 * runs; without one it returns false, the suite is skipped, and one skipped test says which tool is
 * missing and how to install it (test/reporters/skippedSuites.ts prints these at the end of the run).
 *
 * `MXPROOF_REQUIRE=all` (or a comma-separated list of tools, e.g. `chromium,spin`) turns the skip
 * into a failing test with the same message: .ci/run installs every tool and sets it, so a tool
 * missing there fails CI instead of silently shrinking the suite. `MXPROOF_FIDELITY=require`, the
 * older switch of the fidelity suite, means the same as `MXPROOF_REQUIRE=all`.
 *
 * Tools are looked up on PATH only (Chromium: CHROMIUM_PATH when set), never in fixed folders, so
 * that a PATH without them is a faithful stand-in for a machine without them.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { it } from 'vitest';

export type ToolName = 'chromium' | 'spin' | 'gcc' | 'git' | 'bash' | 'dnsmasq' | 'ip' | 'root' | 'postfix';

/** Metadata of the skipped (or failing) test a suite without its tools registers; read by the reporter. */
export interface MissingToolsMeta {
  missingTools: { suite: string; tools: ToolName[]; message: string; required: boolean };
}

declare module 'vitest' {
  interface TaskMeta extends Partial<MissingToolsMeta> {}
}

interface ToolSpec {
  /** The path found, or null; `where` says where it was looked for. */
  find(): string | null;
  where(): string;
  /** The Debian package, for the install command ('' when no package brings it). */
  debian: string;
  hint?: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH, or null. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    if (executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

const command = (name: string, debian = name): ToolSpec => ({ find: () => onPath(name), where: () => 'not on PATH', debian });

const TOOLS: Record<ToolName, ToolSpec> = {
  chromium: {
    find: () => {
      const configured = process.env.CHROMIUM_PATH;
      if (configured !== undefined && configured !== '') return executable(configured) ? configured : null;
      return onPath('chromium') ?? onPath('chromium-browser');
    },
    where: () => (process.env.CHROMIUM_PATH ? `not at CHROMIUM_PATH=${process.env.CHROMIUM_PATH}` : 'not on PATH as chromium or chromium-browser'),
    debian: 'chromium',
    hint: 'or set CHROMIUM_PATH to a Chromium or Chrome binary',
  },
  spin: command('spin'),
  gcc: command('gcc'),
  git: command('git'),
  bash: command('bash'),
  dnsmasq: command('dnsmasq', 'dnsmasq-base'),
  ip: command('ip', 'iproute2'),
  // Network namespaces (ip netns) need root: not a package, the user the tests run as.
  root: {
    find: () => (process.platform === 'linux' && process.getuid?.() === 0 ? 'uid 0' : null),
    where: () => 'not running as root on Linux',
    debian: '',
    hint: 'run the tests as root (ip netns add needs it)',
  },
  // Postfix is unpacked, not installed (it conflicts with exim4): see .ci/run.
  postfix: {
    find: () => {
      const postconf = join(process.env.MXPROOF_POSTFIX_ROOT || '/opt/mxproof-postfix', 'usr', 'sbin', 'postconf');
      return executable(postconf) ? postconf : null;
    },
    where: () => `no postconf under ${process.env.MXPROOF_POSTFIX_ROOT || '/opt/mxproof-postfix'}`,
    debian: '',
    hint: 'unpack the postfix package there as .ci/run does (apt-get download postfix && dpkg -x postfix_*.deb /opt/mxproof-postfix; MXPROOF_POSTFIX_ROOT overrides the directory)',
  },
};

/** The path of a tool, or null when it is missing. */
export function toolPath(name: ToolName): string | null {
  return TOOLS[name].find();
}

/** The tools MXPROOF_REQUIRE (or MXPROOF_FIDELITY=require) says must be present. */
export function requiredTools(env: NodeJS.ProcessEnv = process.env): Set<ToolName> {
  const all = Object.keys(TOOLS) as ToolName[];
  if (env.MXPROOF_FIDELITY === 'require') return new Set(all);
  const words = (env.MXPROOF_REQUIRE ?? '').split(/[\s,]+/).filter(Boolean);
  if (words.includes('all')) return new Set(all);
  const unknown = words.filter((w) => !all.includes(w as ToolName));
  if (unknown.length > 0) throw new Error(`MXPROOF_REQUIRE names unknown tools: ${unknown.join(', ')} (known: all, ${all.join(', ')})`);
  return new Set(words as ToolName[]);
}

/** What is missing for `tools`, as one message with the install command; null when nothing is. */
export function missingMessage(tools: readonly ToolName[]): string | null {
  const missing = tools.filter((t) => toolPath(t) === null);
  if (missing.length === 0) return null;
  const what = missing.map((t) => `${t} (${TOOLS[t].where()})`).join(', ');
  const packages = [...new Set(missing.map((t) => TOOLS[t].debian))].filter(Boolean).join(' ');
  const hints = missing.map((t) => TOOLS[t].hint).filter(Boolean);
  const install = packages === '' ? [] : [`install: apt-get install -y ${packages}`];
  return `missing ${what}; ${[...install, ...hints].join(', ')}`;
}

/**
 * Call at the top of a suite's file. True when every tool is present. Otherwise registers one test
 * that carries the reason: skipped, or failing when MXPROOF_REQUIRE names one of the missing tools.
 */
export function needsTools(suite: string, ...tools: ToolName[]): boolean {
  const message = missingMessage(tools);
  if (message === null) return true;
  const missing = tools.filter((t) => toolPath(t) === null);
  const required = missing.some((t) => requiredTools().has(t));
  const meta: MissingToolsMeta = { missingTools: { suite, tools: missing, message, required } };
  if (required) {
    it(`${suite} has its tools (MXPROOF_REQUIRE)`, { meta }, () => {
      throw new Error(`${suite}: ${message} (MXPROOF_REQUIRE=${process.env.MXPROOF_REQUIRE ?? ''}${process.env.MXPROOF_FIDELITY ? `, MXPROOF_FIDELITY=${process.env.MXPROOF_FIDELITY}` : ''} makes this a failure)`);
    });
  } else {
    it.skip(`${suite}: skipped, ${message}`, { meta }, () => {});
  }
  return false;
}
