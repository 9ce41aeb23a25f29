/**
 * Loading for the API: the loader's own functions, with a file name made optional. Both return
 * `{ ok: true, topology } | { ok: false, errors }` and never throw, whatever the input.
 */
import { loadTopology as loadText, loadTopologyFile as loadFile, type LoadError, type LoadOptions as ModelLoadOptions, type LoadResult } from '../../models/topology/load.js';
import type { Topology } from '../../models/topology/types.js';
import { sharedMemory } from '../../models/system/memoryScope.js';
import type { MxproofConfig } from '../config/define.js';
import { resolveConfig, type Extensions } from '../config/resolve.js';

export interface LoadOptions extends Omit<ModelLoadOptions, 'config'> {
  /** A config whose properties `expect` may name (`defineConfig(...)`, or `loadConfig(...).config`). */
  config?: MxproofConfig;
}

/** The name a topology given as text gets in reports when the caller names none. */
export const UNNAMED = '(input)';

/** Loads a topology from the text of a file (YAML or JSON); `file` names it in errors and reports. */
export function loadTopology(text: string, file: string = UNNAMED, options: LoadOptions = {}): LoadResult {
  const { config, ...rest } = options;
  const extensions = extensionsOf(config);
  if (!extensions.ok) return extensions;
  return loadText(text, file, { ...rest, ...loadOptions(extensions.extensions) });
}

/** Reads and loads a topology file; a missing or unreadable one is `{ ok: false, errors }` too. */
export function loadTopologyFile(path: string, options: LoadOptions = {}): LoadResult {
  const { config, ...rest } = options;
  const extensions = extensionsOf(config);
  if (!extensions.ok) return extensions;
  return loadFile(path, { ...rest, ...loadOptions(extensions.extensions) });
}

/** The config validated, or its errors; none given is none. */
export function extensionsOf(config: MxproofConfig | undefined): { ok: true; extensions: Extensions | undefined } | { ok: false; errors: LoadError[] } {
  if (config === undefined) return { ok: true, extensions: undefined };
  const resolved = resolveConfig(config);
  return resolved.ok ? resolved : { ok: false, errors: resolved.errors };
}

/** What the loader needs to know of a config: its properties' ids and its roles. */
export function loadOptions(extensions: Extensions | undefined): Pick<ModelLoadOptions, 'config'> {
  return extensions === undefined ? {} : { config: { source: extensions.source, ids: extensions.propertyIds, roles: extensions.roles } };
}

/** A load error about the call rather than a file: a bad option, or a topology object that breaks the model. */
export function callError(file: string, field: string, message: string): LoadError {
  return { file, line: 1, col: 1, field, message };
}

/** Text is loaded; a Topology object (built by hand or by the arbitraries) is taken as it is. */
export function toTopology(input: string | Topology, file: string | undefined, options?: ModelLoadOptions): LoadResult {
  if (typeof input === 'string') return loadText(input, file ?? UNNAMED, options);
  if (input === null || typeof input !== 'object' || !Array.isArray((input as Partial<Topology>).hosts)) {
    return { ok: false, errors: [callError(file ?? UNNAMED, '(input)', 'expected the text of a topology file or a Topology object')] };
  }
  // As the loader refuses such a file (models/system/memoryScope.ts), without positions to name.
  const shared = sharedMemory(input);
  if (shared !== null) {
    const [a, b] = shared.messages;
    return { ok: false, errors: [callError(file ?? input.file ?? UNNAMED, `messages[${b}].to`, `messages[${a}] and messages[${b}] both go to <${input.messages[b]!.to}> and both reach ${shared.host}, whose role \`${shared.role}\` remembers per recipient: mxproof checks messages apart, so it cannot model a memory they share`)] };
  }
  return { ok: true, topology: file === undefined ? input : { ...input, file } };
}
