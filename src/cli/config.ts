/**
 * `--config FILE` and `--no-config`, and which config each topology file is checked with: the one
 * `--config` names, else `mxproof.config.ts`/`.mjs`/`.js` beside the file, else in the working
 * directory; none with `--no-config`. Each config file is imported once per run. A config that
 * does not load stops the command before anything is checked: its errors are printed like a
 * topology's (`file:line:col: field: message`) and the exit code is 2.
 */
import { resolve } from 'node:path';
import { Option } from 'commander';
import { formatLoadError } from '../../models/topology/errors.js';
import { BUILT_IN } from '../../properties/index.js';
import type { PropertyRegistry } from '../../properties/registry.js';
import type { MxproofConfig } from '../config/define.js';
import { findConfig, loadConfig } from '../config/load.js';
import type { Extensions } from '../config/resolve.js';
import { CliError } from './exit.js';
import type { CliIO } from './io.js';

export interface ConfigFlags {
  /** The file `--config` names; false with `--no-config`; undefined: look for one. */
  config?: string | false;
}

export interface LoadedConfig {
  config: MxproofConfig;
  extensions: Extensions;
  /** The file it was loaded from, absolute: explore's and check's worker threads load it again. */
  path: string;
  /** The file as the user named it: what its errors and reports call it (loadConfig's `name`). */
  name: string;
}

/** `--config FILE`, for every command that reads topology files. */
export function configOption(): Option {
  return new Option('--config <file>', 'a config file with properties of your own (default: mxproof.config.ts, .mjs or .js next to the topology file, else in the working directory)');
}

/** `--no-config`, beside `--config`. */
export function noConfigOption(): Option {
  return new Option('--no-config', 'load no config file, even one next to the topology file');
}

/** The config of each topology file of a run, loaded before anything is checked. */
export class Configs {
  private constructor(private readonly byFile: ReadonlyMap<string | null, LoadedConfig | null>) {}

  /** The config `file` is checked with (null: the command has no file), or undefined for none. */
  for(file: string | null): LoadedConfig | undefined {
    return this.byFile.get(file) ?? undefined;
  }

  registryFor(file: string | null): PropertyRegistry {
    return this.for(file)?.extensions.registry ?? BUILT_IN;
  }

  /** Finds and loads the configs of `files`; throws a CliError (exit 2) when one does not load. */
  static async load(files: readonly (string | null)[], flags: ConfigFlags, io: CliIO): Promise<Configs> {
    const cwd = io.cwd ?? process.cwd();
    const loaded = new Map<string, LoadedConfig>();
    const byFile = new Map<string | null, LoadedConfig | null>();
    for (const file of files) {
      if (flags.config === false) {
        byFile.set(file, null);
        continue;
      }
      let path: string | null;
      if (flags.config !== undefined) path = flags.config;
      else {
        const found = findConfig(file, cwd);
        if (!found.ok) fail(found.errors.map(formatLoadError), io);
        path = found.file;
      }
      if (path === null) {
        byFile.set(file, null);
        continue;
      }
      const key = resolve(cwd, path);
      let config = loaded.get(key);
      if (config === undefined) {
        const read = await loadConfig(key, path);
        if (!read.ok) fail(read.errors.map(formatLoadError), io);
        config = { config: read.config, extensions: read.extensions, path: key, name: path };
        loaded.set(key, config);
      }
      byFile.set(file, config);
    }
    return new Configs(byFile);
  }
}

/**
 * What a command that does not judge a config's properties (stage, export) says about them, or
 * null when the file has no config or the config adds none.
 */
export function notCarried(config: LoadedConfig | undefined, command: string, why: string): string | null {
  const ids = config?.extensions.propertyIds ?? [];
  if (ids.length === 0) return null;
  return `note: ${command} does not carry the properties of ${config!.extensions.source} (${ids.join(', ')}): ${why}`;
}

function fail(lines: readonly string[], io: CliIO): never {
  for (const line of lines) io.stderr(line + '\n');
  throw new CliError('nothing was checked: fix the config file above (or pass --no-config to check without it)');
}
