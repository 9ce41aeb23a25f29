/** Shared by the suites: load a bundled topology the way the CLI does, or fail loudly. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadTopologyFile } from '../models/topology/load.js';
import type { Topology } from '../models/topology/types.js';

export const ROOT = join(import.meta.dirname, '..');
export const EXAMPLES = join(ROOT, 'examples');

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(EXAMPLES, f));
}

export function load(path: string): Topology {
  const result = loadTopologyFile(path);
  if (!result.ok) throw new Error(`${path} does not load: ${JSON.stringify(result.errors)}`);
  return result.topology;
}
