/**
 * What the build step needs to report a problem: the source for positions, the error list,
 * the host names references are checked against, and first sightings of normalized names
 * (`MX.Example.com.` and `mx.example.com` are the same name, so listing both is a duplicate).
 */
import { MAX_ERRORS, type LoadError } from './errors.js';
import { formatField } from './schemaWalk.js';
import { locate, type Path, type Source } from './source.js';
import { didYouMean, listOf, show } from './text.js';
import { normalizeName } from './parse.js';

/**
 * Where the data being built came from, when it is what is left of a file the schema refused in
 * parts (salvage.ts): paths are mapped back to the file as written, and errors about what was taken
 * out are not reported again.
 */
export interface Provenance {
  original(path: Path): Path;
  muted(originalPath: Path): boolean;
}

const AS_WRITTEN: Provenance = { original: (path) => path, muted: () => false };

export class BuildContext {
  readonly errors: LoadError[] = [];
  /** Normalized host names, in file order. */
  readonly hosts: string[] = [];
  private readonly known = new Set<string>();
  private readonly seen = new Map<string, Path>();

  constructor(
    private readonly src: Source,
    private readonly file: string,
    private readonly provenance: Provenance = AS_WRITTEN,
  ) {}

  error(path: Path, message: string): void {
    if (this.full) return;
    const written = this.provenance.original(path);
    if (this.provenance.muted(written)) return;
    const { line, col } = locate(this.src, written);
    this.errors.push({ file: this.file, line, col, field: formatField(written), message });
  }

  /** Past MAX_ERRORS nobody reads on; stop paying for positions and suggestions. */
  get full(): boolean {
    return this.errors.length >= MAX_ERRORS;
  }

  addHost(name: string): void {
    this.hosts.push(name);
    this.known.add(name);
  }

  /**
   * Records `name` in namespace `kind` (host, DNS name, …); returns false, after reporting it at
   * `path`, when an earlier key already normalized to the same name. `scope` separates maps of
   * the same kind (each host's `routes`).
   */
  firstSighting(kind: string, name: string, path: Path, scope = ''): boolean {
    const key = `${kind}\u0000${scope}\u0000${name}`;
    const first = this.seen.get(key);
    if (first === undefined) {
      this.seen.set(key, path);
      return true;
    }
    const line = locate(this.src, this.provenance.original(first)).line;
    this.error(path, `${kind} \`${name}\` is listed twice (first at line ${line}); names are compared without case or trailing dot`);
    return false;
  }

  /**
   * A reference to a host: its normalized name, or null after reporting an unknown host, with the
   * closest known name, since mxproof cannot model a host it does not know.
   */
  hostRef(path: Path, raw: string, where: string): string | null {
    const name = normalizeName(raw);
    if (this.known.has(name)) return name;
    if (this.full) return null;
    const hint = didYouMean(name, this.hosts);
    this.error(path, `unknown host ${show(raw)} in ${where}${hint}; known hosts: ${listOf(this.hosts)}`);
    return null;
  }
}
