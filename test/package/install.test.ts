/**
 * The package as a user installs it, in a project of their own: from the tarball `npm pack`
 * makes, and as a folder dependency (`npm install --install-links ../mxproof`, which installs the
 * folder as the tarball would). In each project the bin runs, the API imports, and a test file
 * using `expect(check(text)).toHold('eventual-delivery')` type-checks with tsc and passes under
 * the project's own Vitest — one copy of Vitest, because mxproof declares it a peer dependency.
 *
 * The sources are copied (as in the work tree) to a scratch folder and built there
 * by `npm pack`'s prepare step, so the test packs what the sources say now and leaves this
 * checkout's dist/ alone. Installs use npm's cache (--prefer-offline): where `npm ci` has run for
 * this project the tarballs are there; npm fetches package metadata it has never seen, which a
 * machine that never ran `npm install` may lack (then this needs the network).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const work = mkdtempSync(join(tmpdir(), 'mxproof-package-'));
// Two projects' node_modules: removing them can take a while on a busy machine.
afterAll(() => rm(work, { recursive: true, force: true }), 120_000);

const NPM_CLI = process.env.npm_execpath?.endsWith('.js') ? process.env.npm_execpath : null;
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
/** The user's own tools, at the versions this project is tested with. */
const TOOLS = ['vitest', 'typescript', '@types/node'].map((p) => `${p}@${lock.packages[`node_modules/${p}`]!.version}`);

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; asynchronous, so that the two projects install side by side. */
function run(cwd: string, command: string, args: string[], timeout = 180_000): Promise<Ran> {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', NO_COLOR: '1' };
  // Vitest's own variables would make the project's Vitest think it runs inside this one.
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_ENV') delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, timeout, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** npm as the one running this test (npm test), else the npm on PATH. */
async function npm(cwd: string, ...args: string[]): Promise<Ran> {
  const r = await (NPM_CLI !== null ? run(cwd, process.execPath, [NPM_CLI, ...args]) : run(cwd, 'npm', args));
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} in ${cwd} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** What `npm pack` builds from and packs: the sources, the build set-up, and the files it ships. */
const SOURCES = ['package.json', 'package-lock.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'scripts', 'models', 'properties', 'src', 'schema', 'examples'];

function copySources(to: string): void {
  for (const entry of SOURCES) cpSync(join(ROOT, entry), join(to, entry), { recursive: true });
  // Built with this checkout's tools; a symlink, so the build needs no install of its own.
  symlinkSync(join(ROOT, 'node_modules'), join(to, 'node_modules'), 'dir');
}

const USER_TEST = `import { readFileSync } from 'node:fs';
import { check } from 'mxproof';
import 'mxproof/vitest';
import { expect, it } from 'vitest';

const text = readFileSync(new URL('./mailhop-only.yaml', import.meta.url), 'utf8');

it('mail for example.com arrives through the relay alone', () => {
  expect(check(text)).toHold('eventual-delivery');
  expect(check(text)).not.toBeViolated('no-forwarding-loop');
});
`;

/** A user's project: their tsconfig, a topology and a test file; mxproof installed by `spec`. */
async function project(name: string, spec: string[]): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `user-${name}`, private: true, type: 'module' }, null, 2));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] }, include: ['*.ts'] }),
  );
  copyFileSync(join(ROOT, 'examples', 'mailhop-only.yaml'), join(dir, 'mailhop-only.yaml'));
  writeFileSync(join(dir, 'mail.test.ts'), USER_TEST);
  await npm(dir, 'install', '--no-save', ...TOOLS, ...spec);
  return dir;
}

/** What a user does first with each way of installing. */
async function expectUsable(dir: string): Promise<void> {
  // `check` runs in a worker thread the bin starts from beside itself (dist/cli/checkWorker.mjs),
  // so this also proves the installed package ships it and finds it through the .bin link.
  const bin = await run(dir, join(dir, 'node_modules', '.bin', 'mxproof'), ['check', 'node_modules/mxproof/examples/postini-mailhop.yaml']);
  expect({ code: bin.status, stderr: bin.stderr }).toEqual({ code: 0, stderr: '' });
  expect(bin.stdout).toContain('call-ahead-bounded  violated (as expected)');

  // A TypeScript config beside a topology: jiti from mxproof's dependencies, `defineConfig` from the package by name.
  const plugin = await run(dir, join(dir, 'node_modules', '.bin', 'mxproof'), ['check', 'node_modules/mxproof/examples/plugins/hop-budget/rules.yaml']);
  expect({ code: plugin.status, stderr: plugin.stderr }).toEqual({ code: 0, stderr: '' });
  expect(plugin.stdout).toContain('at-most-2-hosts     violated (as expected)');

  const script = [
    "import { createRequire } from 'node:module';",
    "import { check, jsonReport, PROPERTIES } from 'mxproof';",
    'const o = check(process.argv[1]);',
    // The JSON report's schema ships in the package, under the name the README gives.
    "const schema = createRequire(import.meta.url)('mxproof/report.schema.json');",
    'console.log(o.ok, o.status, PROPERTIES.length, schema.definitions.property.required.every((k) => k in jsonReport(o.result).properties[0]));',
  ].join('\n');
  const api = await run(dir, process.execPath, ['--input-type=module', '-e', script, readFileSync(join(dir, 'mailhop-only.yaml'), 'utf8')]);
  expect({ code: api.status, out: api.stdout.trim(), stderr: api.stderr }).toEqual({ code: 0, out: 'true passed 7 true', stderr: '' });

  // One Vitest: mxproof's is a peer dependency, so the user's is the one its matchers extend.
  expect(readdirSync(join(dir, 'node_modules', 'mxproof'))).not.toContain('node_modules');

  const tsc = await run(dir, process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
  expect({ code: tsc.status, out: tsc.stdout + tsc.stderr }).toEqual({ code: 0, out: '' });

  const vitest = await run(dir, process.execPath, [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run']);
  expect({ code: vitest.status, out: vitest.stdout }).toEqual({ code: 0, out: expect.stringContaining('1 passed') });
}

describe('mxproof installed in a project of its own', () => {
  let sources = '';
  let tarball = '';

  beforeAll(async () => {
    sources = join(work, 'mxproof');
    copySources(sources);
    const packed = await npm(sources, 'pack', '--json', '--pack-destination', work);
    tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  }, 240_000);

  it('declares vitest a peer dependency, optional for the CLI and the API', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.peerDependencies?.vitest).toBeDefined();
    expect(pkg.peerDependenciesMeta?.vitest?.optional).toBe(true);
    expect(pkg.dependencies?.vitest).toBeUndefined();
  });

  it.concurrent('from the npm pack tarball: the bin runs, the API imports, mxproof/vitest type-checks and passes', async () => {
    await expectUsable(await project('tarball', [tarball]));
  }, 240_000);

  it.concurrent('as a folder dependency (--install-links): the same', async () => {
    await expectUsable(await project('folder', ['--install-links', sources]));
  }, 240_000);
});
