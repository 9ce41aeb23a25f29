/**
 * `mxproof docs FILE... --out DIR`: checks each topology and writes its Markdown page (verdicts,
 * map, counterexamples as steps and sequence diagrams), the statecharts page, an index, and one
 * HTML page with every diagram plus the Mermaid script it loads (`--no-html` leaves both out).
 * Pages are ordered by file name, and carry no timestamps, durations or absolute paths: a file is
 * named relative to the output folder (the way its link goes), or to `--base DIR`, so the pages
 * read the same wherever they are published. The same files give the same bytes. Exit 0 when
 * written, whatever the verdicts; 2 for bad input (nothing is written then) or usage.
 */
import { safeText } from '../safe.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { formatLoadError } from '../../../models/topology/load.js';
import { loadTopologyFile } from '../../api/load.js';
import { Configs, configOption, noConfigOption, type ConfigFlags } from '../config.js';
import { MermaidMissingError, readMermaidScript } from '../../docs/mermaidScript.js';
import { generateDocs, type DocsInput } from '../../docs/site.js';
import { SvgRenderer } from '../../report/svg.js';
import { DEFAULT_MAX_STATES } from '../checkCommand.js';
import { CliError, EXIT, type ExitCode } from '../exit.js';
import type { CliIO } from '../io.js';
import { positiveInt, positiveNumber, type CommandContext } from '../options.js';

interface DocsFlags extends ConfigFlags {
  out: string;
  html: boolean;
  maxStates?: number;
  timeout?: number;
  base?: string;
  allSteps: boolean;
  failures?: number;
  failureKind: 'transient' | 'down';
}

/** `file` as a forward-slash path relative to `dir`: what the pages show and link to. */
function relativeTo(dir: string, file: string): string {
  return relative(resolve(dir), resolve(file)).split(sep).join('/');
}

export function registerDocs(program: Command, { io, setCode }: CommandContext): void {
  program
    .command('docs')
    .description('write documentation pages for topology files: Markdown per topology, statecharts, an index, and one HTML page')
    .argument('<files...>', 'topology files (YAML or JSON, FORMAT.md)')
    .requiredOption('-o, --out <dir>', 'directory to write the pages to (created if missing)')
    .option('--no-html', 'write only the Markdown pages')
    .option('--base <dir>', 'name the topology files on the pages relative to this folder (default: the output folder)')
    .option('--max-states <n>', `stop exploring after this many states (default ${DEFAULT_MAX_STATES})`, positiveInt('--max-states'))
    .option('--timeout <seconds>', 'stop checking each file after this many seconds (undecided verdicts are written as inconclusive)', positiveNumber)
    .option('--all-steps', "show every step of each counterexample, other messages' and faults they do not see included", false)
    .option('--failures <k>', "add a failure sweep to each page: every set of at most K hosts a message can reach, failing (as check --failures)", positiveInt('--failures'))
    .addOption(new Option('--failure-kind <kind>', 'the fault each host of a set gets').choices(['transient', 'down']).default('transient'))
    .addOption(configOption())
    .addOption(noConfigOption())
    .action(async (files: string[], flags: DocsFlags) => setCode(await docsCommand(files, flags, io)));
}

export async function docsCommand(files: readonly string[], flags: DocsFlags, io: CliIO): Promise<ExitCode> {
  const inputs: DocsInput[] = [];
  let bad = false;
  const configs = await Configs.load(files, flags, io);
  for (const file of files) {
    const config = configs.for(file)?.config;
    const loaded = loadTopologyFile(file, { config });
    if (!loaded.ok) {
      for (const e of loaded.errors) io.stderr(formatLoadError(e) + '\n');
      bad = true;
      continue;
    }
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    // Never the path as typed: an absolute /tmp/... would end up in a wiki.
    const shown = relativeTo(flags.base ?? flags.out, file);
    inputs.push({ file: shown, text, topology: { ...loaded.topology, file: shown }, sourceLink: relativeTo(flags.out, file), ...(config === undefined ? {} : { config }) });
  }
  if (bad) {
    io.stderr('mxproof: no pages written: fix the files above first\n');
    return EXIT.badInput;
  }
  let mermaidScript: string | null = null;
  if (flags.html) {
    try {
      mermaidScript = readMermaidScript();
    } catch (err) {
      if (err instanceof MermaidMissingError) throw new CliError(`${err.message}; install it, or pass --no-html`);
      throw err;
    }
  }
  const svg = await SvgRenderer.create();
  const check = { maxStates: flags.maxStates ?? DEFAULT_MAX_STATES, timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000 };
  const failures = flags.failures === undefined ? {} : { failures: { k: flags.failures, kind: flags.failureKind } };
  const pages = generateDocs(inputs, { svg, mermaidScript, check, ...failures, allSteps: flags.allSteps === true });
  try {
    mkdirSync(flags.out, { recursive: true });
    for (const page of pages) writeFileSync(join(flags.out, page.path), page.content);
  } catch (err) {
    throw new CliError(`cannot write to ${flags.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  io.stdout(safeText(`wrote ${pages.length} files to ${flags.out}: ${pages.map((p) => p.path).join(', ')}\n`));
  return EXIT.ok;
}
