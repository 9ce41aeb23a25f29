/**
 * Loading a topology file: YAML with positions → schema → build. Every problem with the input
 * is returned as a LoadError with a position; nothing here throws for any input, because the
 * CLI and editors feed it whatever a user (or a fuzzer) wrote.
 */
import { readFileSync, statSync } from 'node:fs';
import { buildTopology } from './build.js';
import { checkpoint, LoadStopped, type LoadOptions } from './budget.js';
import { byPosition, MAX_ERRORS, type LoadError, type LoadResult } from './errors.js';
import { IssueMapper } from './issues.js';
import { keyProblems } from './keys.js';
import { salvage } from './salvage.js';
import { MAX_ALIAS_COUNT, parseSource, type Path } from './source.js';
import { validate } from './validate.js';
import { aliasError, keyErrors, yamlErrors } from './yamlErrors.js';
import { formatField } from './schemaWalk.js';
import type { Topology } from './types.js';
import { sharedMemory, type SharedMemory } from '../system/memoryScope.js';

export { formatLoadError, type LoadError, type LoadResult } from './errors.js';
export { LoadStopped, type ConfigProperties, type LoadOptions, type LoadStage } from './budget.js';

/** Larger files are refused before parsing: no real topology is near it, and YAML is not cheap. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const fileError = (file: string, message: string): LoadResult => ({
  ok: false,
  errors: [{ file, line: 1, col: 1, field: '(file)', message }],
});

const failed = (errors: LoadError[]): LoadResult => ({ ok: false, errors: errors.sort(byPosition).slice(0, MAX_ERRORS) });

/**
 * Loads a topology from its text; `file` is used in errors and kept in `Topology.file`. With a
 * `stop` in `options`, throws `LoadStopped` when it answers (budget.ts); never otherwise.
 */
export function loadTopology(text: string, file: string, options?: LoadOptions): LoadResult {
  try {
    if (typeof text !== 'string') return fileError(file, 'expected the text of a topology file');
    if (text.length > MAX_FILE_BYTES / 4 && Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
      return fileError(file, `the topology is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`);
    }
    return loadText(text.startsWith('\uFEFF') ? text.slice(1) : text, file, options);
  } catch (err) {
    if (err instanceof LoadStopped) throw err;
    // A last net: a bug of ours must still come out as an error, not a crash of the caller.
    return fileError(file, `internal error while loading: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function loadText(text: string, file: string, budget: LoadOptions | undefined): LoadResult {
  const src = parseSource(text, budget);
  // Past a syntax error the document's shape is a guess: nothing after it is worth reporting.
  if (src.doc.errors.length > 0) return failed(yamlErrors(src, file, src.doc.errors));
  const badKeys = keyProblems(src, MAX_ERRORS);
  const errors = keyErrors(src, file, badKeys);
  // A duplicate key still leaves data to read on (the errors under it are not reported: they would
  // point at one copy or the other); `__proto__` and collections as keys do not.
  if (badKeys.some((k) => k.kind !== 'duplicate')) return failed(errors);
  const duplicated = badKeys.map((k) => k.path);
  const underDuplicate = (path: Path) => duplicated.some((d) => startsWith(path, d));
  checkpoint(budget, 'validating');
  let data: unknown;
  try {
    data = src.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return failed([...errors, aliasError(src, file, err)]);
  }
  checkpoint(budget, 'validating');
  const valid = validate(data);
  checkpoint(budget, 'validating');
  if (valid.ok) {
    const built = buildTopology(valid.data, src, file, budget, duplicated.length === 0 ? undefined : { original: (p) => p, muted: underDuplicate });
    if (built.ok && errors.length === 0) {
      const shared = sharedMemory(built.topology);
      return shared === null ? built : failed([sharedMemoryError(built.topology, shared)]);
    }
    return failed([...errors, ...(built.ok ? [] : built.errors)]);
  }
  const mapper = new IssueMapper(src, file, data);
  for (const issue of valid.issues.slice(0, MAX_ERRORS)) {
    if (!underDuplicate(issue.path as Path)) mapper.add(issue);
  }
  if (mapper.errors.length === 0 && errors.length === 0) {
    // Only when the invalid values all lie beyond the first items of their lists.
    return fileError(file, 'the file has too many invalid values to list them; check its long lists');
  }
  // Every error in one run: what the schema refused is taken out, and the rest is built for the
  // errors only the build step finds (addresses, unknown hosts, MX records).
  const rest = valid.truncated ? null : salvage(data, valid.issues);
  checkpoint(budget, 'validating');
  const built =
    rest === null ? null : buildTopology(rest.data, src, file, budget, { original: rest.original, muted: (p) => rest.muted(p) || underDuplicate(p) });
  return failed([...errors, ...mapper.errors, ...(built === null || built.ok ? [] : built.errors)]);
}

/** Two messages would share a host's memory (models/system/memoryScope.ts): at the second one's recipient. */
function sharedMemoryError(topology: Topology, shared: SharedMemory): LoadError {
  const [first, second] = shared.messages;
  const at = (i: number) => topology.positions[`/messages/${i}/to`] ?? topology.positions[`/messages/${i}`] ?? { line: 1, col: 1 };
  const { line, col } = at(second);
  return {
    file: topology.file,
    line,
    col,
    field: formatField(['messages', second, 'to']),
    message:
      `messages[${first}] (line ${at(first).line}) and messages[${second}] both go to <${topology.messages[second]!.to}>, and both can reach ${shared.host}, ` +
      `whose role \`${shared.role}\` remembers per recipient (its \`memory\`): mxproof checks messages apart, so it cannot model a memory they share; ` +
      'give each message its own recipient, or check them in separate files',
  };
}

const startsWith = (path: Path, prefix: Path): boolean => prefix.length <= path.length && prefix.every((seg, i) => String(seg) === String(path[i]));

/** Reads and loads a file; an unreadable, missing or oversized file is a LoadError too. */
export function loadTopologyFile(path: string, options?: LoadOptions): LoadResult {
  checkpoint(options, 'reading');
  let text: string;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return fileError(path, 'is a directory, not a topology file');
    if (!stat.isFile()) return fileError(path, 'is not a regular file');
    if (stat.size > MAX_FILE_BYTES) {
      return fileError(path, `the file is ${(stat.size / 1024 / 1024).toFixed(1)} MiB; topology files are limited to 5 MiB`);
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | null)?.code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read it (${code ?? String(err)})`;
    return fileError(path, reason);
  }
  return loadTopology(text, path, options);
}
