/**
 * `mxproof docs FILE... --out DIR`: checks each topology and writes its Markdown page (verdicts,
 * map, counterexamples as steps and sequence diagrams), the statecharts page, an index, and one
 * self-contained HTML page with every diagram (`--no-html` leaves it out). Pages are ordered by
 * file name, and carry no timestamps or durations: the same files give the same bytes. Exit 0 when
 * written, whatever the verdicts; 2 for bad input (nothing is written then) or usage.
 */
import { safeText } from '../safe.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Command } from 'commander';
import { formatLoadError, loadTopologyFile } from '../../../models/topology/load.js';
import { MermaidMissingError, readMermaidScript } from '../../docs/mermaidScript.js';
import { generateDocs, type DocsInput } from '../../docs/site.js';
import { SvgRenderer } from '../../report/svg.js';
import { DEFAULT_MAX_STATES } from '../checkCommand.js';
import { CliError, EXIT, type ExitCode } from '../exit.js';
import type { CliIO } from '../io.js';
import { positiveInt, type CommandContext } from '../options.js';

interface DocsFlags {
  out: string;
  html: boolean;
  maxStates?: number;
}

export function registerDocs(program: Command, { io, setCode }: CommandContext): void {
  program
    .command('docs')
    .description('write documentation pages for topology files: Markdown per topology, statecharts, an index, and one HTML page')
    .argument('<files...>', 'topology files (YAML or JSON, FORMAT.md)')
    .requiredOption('-o, --out <dir>', 'directory to write the pages to (created if missing)')
    .option('--no-html', 'write only the Markdown pages')
    .option('--max-states <n>', `stop exploring after this many states (default ${DEFAULT_MAX_STATES})`, positiveInt('--max-states'))
    .action(async (files: string[], flags: DocsFlags) => setCode(await docsCommand(files, flags, io)));
}

export async function docsCommand(files: readonly string[], flags: DocsFlags, io: CliIO): Promise<ExitCode> {
  const inputs: DocsInput[] = [];
  let bad = false;
  for (const file of files) {
    const loaded = loadTopologyFile(file);
    if (!loaded.ok) {
      for (const e of loaded.errors) io.stderr(formatLoadError(e) + '\n');
      bad = true;
      continue;
    }
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    inputs.push({ file, text, topology: loaded.topology, sourceLink: relative(flags.out, file).split(sep).join('/') });
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
  const pages = generateDocs(inputs, { svg, mermaidScript, check: { maxStates: flags.maxStates ?? DEFAULT_MAX_STATES } });
  try {
    mkdirSync(flags.out, { recursive: true });
    for (const page of pages) writeFileSync(join(flags.out, page.path), page.content);
  } catch (err) {
    throw new CliError(`cannot write to ${flags.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  io.stdout(safeText(`wrote ${pages.length} pages to ${flags.out}: ${pages.map((p) => p.path).join(', ')}\n`));
  return EXIT.ok;
}
