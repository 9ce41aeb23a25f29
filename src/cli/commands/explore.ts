/** `mxproof explore RULES.yaml`: random surroundings for a provider's rules, minimal failing set-ups. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatLoadError } from '../../../models/topology/load.js';
import { loadTopologyFile } from '../../api/load.js';
import { Configs, configOption, noConfigOption, type ConfigFlags } from '../config.js';
import { defaultJobs } from '../../api/jobs.js';
import { exploreInParallel } from '../../explore/parallel.js';
import { findingYaml } from '../../explore/findingFile.js';
import { renderExploreJson, renderExploreText } from '../../report/explore.js';
import { parseProperties } from '../checkCommand.js';
import { CliError, EXIT } from '../exit.js';
import { collect, positiveInt, type CommandContext } from '../options.js';
import { exploreProgress, progressLine } from '../progress.js';

interface ExploreFlags extends ConfigFlags {
  runs: number;
  seed: number;
  property: string[];
  out?: string;
  replay?: string;
  maxStates?: number;
  jobs: number;
  format: 'text' | 'json';
  quiet: boolean;
}

const seedOption = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`--seed must be an integer, got '${value}'`);
  return n;
};

export function registerExplore(program: Command, { io, setCode }: CommandContext): void {
  program
    .command('explore')
    .description("surround a rules file's fixed hosts with random topologies; shrink each violation to a minimal topology")
    .argument('<rules>', 'a topology file whose hosts are the rules under test (dns and messages optional)')
    .option('--runs <n>', 'random topologies per property', positiveInt('--runs'), 1000)
    .option('--seed <n>', 'fast-check seed: the same seed explores the same topologies', seedOption, 42)
    .option('--property <id>', 'look only for violations of this property (repeatable)', collect, [])
    .option('--out <dir>', 'write each minimal topology to DIR/<property>.yaml')
    .option('--replay <path>', 'replay one finding: the path printed with it (with its --seed and --property)')
    .option('--max-states <n>', 'state budget of each check (default 20000)', positiveInt('--max-states'))
    .option('--jobs <n>', `threads checking topologies (default: the cores available but one, here ${defaultJobs()}); the findings are the same for any n`, positiveInt('--jobs'), defaultJobs())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-q, --quiet', 'no progress on stderr', false)
    .addOption(configOption())
    .addOption(noConfigOption())
    .action(async (rules: string, flags: ExploreFlags) => {
      const configs = await Configs.load([rules], flags, io);
      const registry = configs.registryFor(rules);
      const properties = parseProperties(flags.property, false, registry.ids);
      if (flags.replay !== undefined && properties?.length !== 1) {
        throw new CliError('--replay needs exactly one --property: a path replays the search for one property');
      }
      const loaded = loadTopologyFile(rules, { config: configs.for(rules)?.config });
      if (!loaded.ok) {
        for (const e of loaded.errors) io.stderr(formatLoadError(e) + '\n');
        setCode(EXIT.badInput);
        return;
      }
      const line = progressLine(io, flags.quiet);
      const result = await exploreInParallel(loaded.topology, {
        workers: flags.jobs,
        configPath: configs.for(rules)?.path,
        configName: configs.for(rules)?.name,
        runs: flags.runs,
        seed: flags.seed,
        properties,
        registry,
        replayPath: flags.replay,
        maxStatesPerCheck: flags.maxStates,
        onProgress: exploreProgress(line, rules),
      });
      line?.clear();
      const written = new Map<string, string>();
      if (flags.out !== undefined) {
        try {
          mkdirSync(flags.out, { recursive: true });
          for (const f of result.findings) {
            const file = join(flags.out, `${f.property}.yaml`);
            writeFileSync(file, findingYaml(rules, f));
            written.set(f.property, file);
          }
        } catch (err) {
          throw new CliError(`cannot write to ${flags.out}: ${(err as Error).message}`);
        }
      }
      io.stdout(flags.format === 'json' ? renderExploreJson(rules, result, written) : renderExploreText(rules, result, written));
      setCode(result.findings.length > 0 ? EXIT.violated : EXIT.ok);
    });
}
