/**
 * The layers stay apart (ARCHITECTURE.md): the engine knows nothing of mail, models import only
 * engine types, reports never explore, and only the CLI touches stdout, stderr or the exit code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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
      for (const { target } of importsOf(file)) expect(`${layer(file)} → ${target}`).not.toMatch(/checker\/explore|src\/cli|\.\.\/cli\//);
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
