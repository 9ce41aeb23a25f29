/**
 * Finding and importing config files: JavaScript by Node, TypeScript through jiti, and every way a
 * file can fail to give a config — a syntax error, an exception, no default export, two configs in
 * one folder — an error naming the file and, where it can be known, the line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findConfig, loadConfig } from '../../src/index.js';
import { EXAMPLES } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mxproof-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A config file of its own name (Node caches modules by URL, so no two tests share one). */
function file(text: string, ext = 'mjs'): string {
  const path = join(dir, `c${++n}.config.${ext}`);
  writeFileSync(path, text);
  return path;
}

const PROPERTY = "{ id: 'mine', kind: 'safety', summary: 'mine', judges: ['accepted'], violation: () => null }";

describe('loadConfig', () => {
  it('imports a JavaScript config and names it in the registry it builds', async () => {
    const path = file(`export default { properties: [${PROPERTY}] };\n`);
    const loaded = await loadConfig(path);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.config.source).toBe(path);
    expect(loaded.extensions.propertyIds).toEqual(['mine']);
    expect(loaded.extensions.registry.get('mine')?.origin).toEqual({ kind: 'config', source: path });
  });

  it('imports a TypeScript config, types and all, on the Node that runs the suite', async () => {
    const path = file(`interface Limit { hosts: number }\nconst limit: Limit = { hosts: 2 };\nexport default { properties: [{ ...${PROPERTY}, id: \`max-\${limit.hosts}\` as string }] };\n`, 'ts');
    const loaded = await loadConfig(path);
    expect(loaded.ok && loaded.extensions.propertyIds).toEqual(['max-2']);
  });

  it('imports the TypeScript example, which takes defineConfig from the package by name', async () => {
    const loaded = await loadConfig(join(EXAMPLES, 'plugins', 'hop-budget', 'mxproof.config.ts'));
    expect(loaded.ok && loaded.extensions.propertyIds).toEqual(['at-most-2-hosts']);
  });

  it('names the line an exception was thrown at, and the exception', async () => {
    const path = file("const x = 1;\n\nthrow new Error('the network is not here');\nexport default {};\n");
    expect(await loadConfig(path)).toEqual({
      ok: false,
      errors: [{ file: path, line: 3, col: 7, field: '(config)', message: 'the config file cannot be loaded: Error: the network is not here' }],
    });
  });

  it('names the line of a syntax error, in JavaScript and in TypeScript', async () => {
    // Under Vitest a JavaScript import goes through Vite, whose parser words the error its own way;
    // test/cli/bin.test.ts pins Node's wording and column in the real bin.
    const js = await loadConfig(file('export default {\n  properties: [ a b ],\n};\n'));
    expect(js.ok === false && js.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^the config file cannot be loaded: /) });
    const ts = await loadConfig(file('const n: number = 1;\nconst y = ;\nexport default {};\n', 'ts'));
    expect(ts.ok === false && ts.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^the config file cannot be loaded: .*Unexpected token/) });
  });

  it('places a shape error on the line of the property’s id, or of the field after it', async () => {
    const path = file(`export default {\n  properties: [\n    ${PROPERTY},\n    {\n      id: 'other',\n      kind: 'safety',\n      summary: 'x',\n      judges: ['acepted'],\n      violation: () => null,\n    },\n  ],\n};\n`);
    const loaded = await loadConfig(path);
    expect(loaded.ok === false && loaded.errors.map((e) => [e.line, e.field])).toEqual([[8, 'properties[1].judges[0]']]);
  });

  it('refuses a file without a default export, a missing file and a non-object export', async () => {
    const none = await loadConfig(file('export const properties = [];\n'));
    expect(none.ok === false && none.errors[0]!.message).toMatch(/no default export: end it with `export default defineConfig/);
    const missing = await loadConfig(join(dir, 'nope.config.mjs'));
    expect(missing.ok === false && missing.errors[0]).toMatchObject({ field: '(file)', message: 'no such config file' });
    const list = await loadConfig(file('export default [];\n'));
    expect(list.ok === false && list.errors[0]!.message).toMatch(/default export must be an object/);
  });
});

describe('findConfig', () => {
  it('finds the config next to the topology first, then the working directory’s, and none when neither has one', () => {
    const project = join(dir, 'project');
    const topologies = join(project, 'topologies');
    mkdirSync(topologies, { recursive: true });
    writeFileSync(join(project, 'mxproof.config.mjs'), 'export default {};\n');
    expect(findConfig(join(topologies, 'mail.yaml'), project)).toEqual({ ok: true, file: 'mxproof.config.mjs' });
    writeFileSync(join(topologies, 'mxproof.config.ts'), 'export default {};\n');
    expect(findConfig(join(topologies, 'mail.yaml'), project)).toEqual({ ok: true, file: join('topologies', 'mxproof.config.ts') });
    expect(findConfig(null, topologies)).toEqual({ ok: true, file: 'mxproof.config.ts' });
    expect(findConfig(join(tmpdir(), 'elsewhere.yaml'), join(dir, 'empty-' + n))).toEqual({ ok: true, file: null });
  });

  it('refuses two config files in one folder: which one was meant?', () => {
    const both = join(dir, 'both');
    mkdirSync(both);
    writeFileSync(join(both, 'mxproof.config.mjs'), 'export default {};\n');
    writeFileSync(join(both, 'mxproof.config.js'), 'export default {};\n');
    const found = findConfig(join(both, 'mail.yaml'), both);
    expect(found.ok === false && found.errors[0]!.message).toBe('mxproof.config.mjs and mxproof.config.js are both config files; keep one, or name it with --config');
  });
});
