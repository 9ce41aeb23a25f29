/**
 * Loading for the API: the loader's own functions, with a file name made optional. Both return
 * `{ ok: true, topology } | { ok: false, errors }` and never throw, whatever the input.
 */
import { loadTopology as loadText, loadTopologyFile, type LoadError, type LoadOptions, type LoadResult } from '../../models/topology/load.js';
import type { Topology } from '../../models/topology/types.js';

/** The name a topology given as text gets in reports when the caller names none. */
export const UNNAMED = '(input)';

/** Loads a topology from the text of a file (YAML or JSON); `file` names it in errors and reports. */
export function loadTopology(text: string, file: string = UNNAMED, options?: LoadOptions): LoadResult {
  return loadText(text, file, options);
}

export { loadTopologyFile };

/** A load error about the call rather than a file: a bad option, or a topology object that breaks the model. */
export function callError(file: string, field: string, message: string): LoadError {
  return { file, line: 1, col: 1, field, message };
}

/** Text is loaded; a Topology object (built by hand or by the arbitraries) is taken as it is. */
export function toTopology(input: string | Topology, file: string | undefined, options?: LoadOptions): LoadResult {
  if (typeof input === 'string') return loadTopology(input, file ?? UNNAMED, options);
  if (input === null || typeof input !== 'object' || !Array.isArray((input as Partial<Topology>).hosts)) {
    return { ok: false, errors: [callError(file ?? UNNAMED, '(input)', 'expected the text of a topology file or a Topology object')] };
  }
  return { ok: true, topology: file === undefined ? input : { ...input, file } };
}
