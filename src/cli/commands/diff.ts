/**
 * `mxproof diff OLD NEW`: every property's verdict before and after a change to a topology, the new
 * counterexample of anything that broke and the old one of anything fixed. Exit 1 when a property
 * that held (or did not apply) is now violated, 3 when a budget left that undecided, 2 for bad
 * input, else 0. The files' `expect` blocks play no part.
 */
import { Option, type Command } from 'commander';
import { formatLoadError } from '../../../models/topology/load.js';
import { loadTopologyFile } from '../../api/load.js';
import { Configs, configOption, noConfigOption, type ConfigFlags } from '../config.js';
import type { Topology } from '../../../models/topology/types.js';
import { checkTopology } from '../../../properties/check.js';
import { compareResults } from '../../api/diff.js';
import { renderDiffJson, renderDiffText } from '../../report/diff.js';
import { DEFAULT_MAX_STATES, paletteFor, parseProperties } from '../checkCommand.js';
import { CliError, EXIT } from '../exit.js';
import { collect, positiveInt, positiveNumber, type CommandContext } from '../options.js';
import { checkProgress, progressLine } from '../progress.js';

interface DiffFlags {
  format: 'text' | 'json';
  property: string[];
  maxStates?: number;
  timeout?: number;
  quiet: boolean;
}

export function registerDiff(program: Command, { io, setCode }: CommandContext): void {
  program
    .command('diff')
    .description('compare the verdicts of a topology before and after a change')
    .argument('<old>', 'the topology before the change')
    .argument('<new>', 'the topology after the change')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--property <id>', 'compare only this property (repeatable)', collect, [])
    .option('--max-states <n>', `state budget of each check (default ${DEFAULT_MAX_STATES})`, positiveInt('--max-states'))
    .option('--timeout <seconds>', 'time budget of each check', positiveNumber)
    .option('-q, --quiet', 'no progress on stderr', false)
    .addOption(configOption())
    .addOption(noConfigOption())
    // Each side is checked with its own config (found beside it), so a change to a config shows too.
    .action(async (before: string, after: string, flags: DiffFlags & ConfigFlags) => {
      const properties = parseProperties(flags.property);
      const configs = await Configs.load([before, after], flags, io);
      const topologies: Topology[] = [];
      for (const file of [before, after]) {
        const loaded = loadTopologyFile(file, { config: configs.for(file)?.config });
        if (loaded.ok) topologies.push(loaded.topology);
        else for (const e of loaded.errors) io.stderr(formatLoadError(e) + '\n');
      }
      if (topologies.length < 2) {
        setCode(EXIT.badInput);
        return;
      }
      // A path property may be named on one side only (the change adds or drops it); an id named on neither is a typo.
      const known = [...configs.registryFor(before).ids, ...configs.registryFor(after).ids, ...topologies.flatMap((t) => t.properties.map((p) => p.id))];
      const unknown = (properties ?? []).find((id) => !known.includes(id));
      if (unknown !== undefined) throw new CliError(`unknown property '${unknown}'; known: ${[...new Set(known)].join(', ')}`);
      const line = progressLine(io, flags.quiet);
      const [old, changed] = topologies.map((topology, side) => {
        const result = checkTopology(topology, {
          properties,
          registry: configs.registryFor(side === 0 ? before : after),
          maxStates: flags.maxStates ?? DEFAULT_MAX_STATES,
          timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
          onProgress: checkProgress(line, topology.file),
        });
        line?.clear();
        return result;
      });
      const diff = compareResults(old!, changed!);
      io.stdout(flags.format === 'json' ? renderDiffJson(diff) : renderDiffText(diff, paletteFor(io)));
      setCode(diff.status === 'failed' ? EXIT.violated : diff.status === 'inconclusive' ? EXIT.inconclusive : EXIT.ok);
    });
}
