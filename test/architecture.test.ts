/**
 * The layers stay apart (ARCHITECTURE.md): the engine knows nothing of mail, models import only
 * engine types, reports never explore, and only the CLI touches stdout, stderr or the exit code.
 * No module imports itself back through others (a cycle), and modules are loaded lazily only
 * where a reason is written down.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(ROOT, dir, name);
    if (statSync(path).isDirectory()) return sources(join(dir, name));
    return name.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)].map((m) => ({
    typeOnly: m[2] !== undefined,
    target: m[3]!,
  }));

/** Every static import and re-export of `file`, side-effect imports included, as written. */
const staticImportsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(?:type\s+)?(?:[^;]*?\s+from\s+)?'([^']+)'/gms)].map((m) => m[1]!);

/**
 * The import cycles among `files`: each strongly connected component of the graph of their
 * relative imports with more than one file, or a file importing itself. Type-only imports count:
 * a cycle of types is still two files that cannot be read, moved or changed one without the other.
 */
function importCycles(files: readonly string[]): string[][] {
  const known = new Set(files);
  const edges = new Map(
    files.map((file) => [
      file,
      staticImportsOf(file)
        .filter((t) => t.startsWith('.'))
        .map((t) => resolve(dirname(file), t.replace(/\.js$/, '.ts')))
        .filter((t) => known.has(t)),
    ]),
  );
  // Tarjan's algorithm, iteratively: ids, low links and an explicit stack of (file, next edge).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const root of files) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    index.set(root, index.size);
    low.set(root, index.get(root)!);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work.at(-1)!;
      const [v, i] = top;
      const targets = edges.get(v)!;
      if (i < targets.length) {
        top[1]++;
        const w = targets[i]!;
        if (!index.has(w)) {
          index.set(w, index.size);
          low.set(w, index.get(w)!);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work.at(-1)![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) !== index.get(v)) continue;
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(relative(ROOT, w));
      } while (w !== v);
      if (component.length > 1 || targets.includes(v)) cycles.push(component.sort());
    }
  }
  return cycles;
}


/**
 * The files that may load a module with `import(...)`, and why it is lazy there. Anywhere else a
 * dynamic import hides a dependency from the static graph (and from the cycle check above).
 */
const LAZY_LOADS: Record<string, string> = {
  'src/cli/main.ts': 'the executable loads the CLI only where it runs: a `check` runs it in a worker, which loads its own copy',
  'src/cli/run.ts': 'each command is loaded when it is the one run, so `check` never pays for `stage`, `docs` or the diagrams',
  'src/cli/commands/export.ts': 'the Promela exporter is loaded only by `export --promela`',
  'src/config/load.ts': "a user's config file is known only at run time, and jiti is loaded only for a TypeScript config",
};

const layer = (file: string) => relative(ROOT, file).split('/').slice(0, 2).join('/');

describe('layering', () => {
  it('src/checker imports nothing of the project outside itself', () => {
    for (const file of sources('src/checker')) {
      for (const { target } of importsOf(file)) {
        if (target.startsWith('.')) expect(`${relative(ROOT, file)} → ${target}`).not.toMatch(/→ \.\.\//);
      }
    }
  });

  it('models import only types from the engine, and nothing from properties, reports or the CLI', () => {
    for (const file of sources('models')) {
      for (const { target, typeOnly } of importsOf(file)) {
        const where = `${relative(ROOT, file)} → ${target}`;
        expect(where).not.toMatch(/properties\/|src\/(report|cli)\//);
        if (target.includes('src/checker')) expect({ where, typeOnly }).toEqual({ where, typeOnly: true });
      }
    }
  });

  it('reports render values and never import the engine’s explorer or the CLI', () => {
    for (const file of sources('src/report')) {
      for (const { target } of importsOf(file)) expect(`${layer(file)} → ${target}`).not.toMatch(/checker\/(index|engine|breadthFirst|unpacked|explorePacked|product)|src\/cli|\.\.\/cli\//);
    }
  });

  it('nothing outside src/cli prints or exits', () => {
    const offenders = ['models', 'properties', 'src/checker', 'src/report', 'src/api', 'src/config', 'src/vitest', 'src/import']
      .flatMap(sources)
      .filter((file) => /console\.|process\.(stdout|stderr|exit)/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });
});

describe('knots', () => {
  const checked = ['src', 'models', 'properties'].flatMap(sources);

  it('no module in src, models or properties imports itself back, directly or through others', () => {
    expect(checked.length).toBeGreaterThan(200);
    expect(importCycles(checked).map((cycle) => cycle.join(' '))).toEqual([]);
  });

  it('finds a cycle of type-only imports, and a file importing itself', () => {
    const fixtures = ['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((f) => join(ROOT, 'test/fixtures/cycles', f));
    expect(importCycles(fixtures)).toEqual([['test/fixtures/cycles/a.ts', 'test/fixtures/cycles/b.ts'], ['test/fixtures/cycles/d.ts']]);
  });

  it('loads modules dynamically only where the allow-list says why', () => {
    // `import(` as code writes it: not `jiti.import(`, not the word in prose ("import (only …").
    const lazy = checked.filter((file) => /(?<![\w.])import\(/.test(readFileSync(file, 'utf8'))).map((file) => relative(ROOT, file));
    expect(lazy.sort()).toEqual(Object.keys(LAZY_LOADS).sort());
  });
});
