/**
 * Finding and importing a config file. `mxproof.config.ts`, `.mjs` or `.js` is looked for next to
 * the topology file, then in the working directory; `--config FILE` names one. JavaScript is
 * imported by Node itself. TypeScript goes through jiti (pure JavaScript, no native binary, no
 * install script: the loader ESLint uses for `eslint.config.ts`), because Node 20 cannot run
 * TypeScript and esbuild, which bundles the CLI, is only a build tool here. Whatever the file does
 * wrong — a syntax error, an exception, a wrong export — comes back as load errors naming it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadError } from '../../models/topology/errors.js';
import type { MxproofConfig } from './define.js';
import { describeThrown, thrownAt, type Place } from './errors.js';
import { resolveConfig, type Extensions } from './resolve.js';

/** Looked for in this order; two of them in one folder is an error (which one was meant?). */
export const CONFIG_NAMES = ['mxproof.config.ts', 'mxproof.config.mjs', 'mxproof.config.js'] as const;

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

export type ConfigFound = { ok: true; file: string | null } | { ok: false; errors: LoadError[] };
export type ConfigLoaded = { ok: true; config: MxproofConfig; extensions: Extensions } | { ok: false; errors: LoadError[] };

const errorOf = (file: string, field: string, message: string, at: Place = { line: 1, col: 1 }): LoadError => ({ file, ...at, field, message });

/** The config file in `dir`, or null; named relative to `cwd` when it lies under it. */
function configIn(dir: string, cwd: string): ConfigFound {
  const shown = (path: string) => {
    const rel = relative(cwd, path);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  };
  const present = CONFIG_NAMES.map((name) => join(dir, name)).filter((path) => existsSync(path)).map(shown);
  if (present.length > 1) {
    return { ok: false, errors: [errorOf(present[1]!, '(file)', `${present.join(' and ')} are both config files; keep one, or name it with --config`)] };
  }
  return { ok: true, file: present[0] ?? null };
}

/** The config that applies to a topology file: the one next to it, else the working directory's. */
export function findConfig(topologyFile: string | null, cwd: string): ConfigFound {
  if (topologyFile !== null) {
    const beside = configIn(dirname(resolve(cwd, topologyFile)), cwd);
    if (!beside.ok || beside.file !== null) return beside;
  }
  return configIn(resolve(cwd), cwd);
}

/**
 * Imports a config file and validates its default export. `name` is how messages name it (default
 * the path as given); a relative path is read from the process's working directory.
 */
export async function loadConfig(path: string, name: string = path): Promise<ConfigLoaded> {
  const fail = (message: string, field = '(file)', at?: Place): ConfigLoaded => ({ ok: false, errors: [errorOf(name, field, message, at)] });
  let text: string;
  try {
    if (!statSync(path).isFile()) return fail('is not a regular file');
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'no such config file' : `cannot read the config file (${code ?? String(err)})`);
  }
  let module: Record<string, unknown>;
  try {
    module = await importModule(resolve(path));
  } catch (err) {
    const at = err instanceof SyntaxError ? (syntaxErrorAt(path) ?? thrownAt(err, path)) : thrownAt(err, path);
    return fail(`the config file cannot be loaded: ${describeThrown(err)}`, '(config)', at);
  }
  if (!('default' in module) || module.default === undefined) {
    return fail('the config file has no default export: end it with `export default defineConfig({ properties: [...] })`', '(config)');
  }
  const given = module.default;
  // The copy carries its source, so whoever checks with it later has errors name the file.
  const config = given !== null && typeof given === 'object' && !Array.isArray(given) ? { ...(given as MxproofConfig), source: name } : given;
  const resolved = resolveConfig(config, { text, path });
  if (!resolved.ok) return { ok: false, errors: resolved.errors.map((e) => ({ ...e, file: name })) };
  return { ok: true, config: config as MxproofConfig, extensions: resolved.extensions };
}

async function importModule(absolute: string): Promise<Record<string, unknown>> {
  if (!TYPESCRIPT.has(extname(absolute))) return (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  // Loaded only for a TypeScript config: `check` of a .mjs config never pays for it.
  const { createJiti } = await import('jiti');
  // No caches: a long-lived program (a test run, an editor) sees the file as it is now, and
  // nothing is written into the user's folders.
  const jiti = createJiti(absolute, { fsCache: false, moduleCache: false, interopDefault: false });
  return (await jiti.import(absolute)) as Record<string, unknown>;
}

/**
 * Where Node finds a syntax error in a JavaScript file: an import's SyntaxError carries no
 * position, but `node --check` prints `file:LINE` and a caret under the column.
 */
function syntaxErrorAt(path: string): Place | null {
  if (TYPESCRIPT.has(extname(path))) return null;
  const r = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8', timeout: 10_000 });
  const lines = (r.stderr ?? '').split('\n');
  const m = /:(\d+)$/.exec(lines[0] ?? '');
  if (m === null) return null;
  const caret = (lines[2] ?? '').indexOf('^');
  return { line: Number(m[1]), col: caret < 0 ? 1 : caret + 1 };
}
