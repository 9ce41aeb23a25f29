/**
 * `mxproof stage FILE...`: stages each topology on real MTAs (Exim daemons and Postfix instances in
 * a network namespace, dnsmasq as DNS; needs root, Linux and the Debian packages
 * exim4-daemon-light, dnsmasq-base, swaks, and for Postfix hosts the unpacked postfix package) and
 * compares what they did with mxproof's verdicts. Exit 0 when they agree, 1 on a disagreement, 2
 * when a file cannot be loaded or staged.
 */
import { safeText } from '../safe.js';
import { Option, type Command } from 'commander';
import { configRolesUsed } from '../../../models/roles/registry.js';
import { formatLoadError } from '../../../models/topology/load.js';
import { loadTopologyFile } from '../../api/load.js';
import { Configs, configOption, noConfigOption, notCarried, type ConfigFlags } from '../config.js';
import { installedMtas, planStage, renderStageText, stageAndCompare, stagingUnavailable, type StageMta } from '../../stage/index.js';
import { EXIT, worst, type ExitCode } from '../exit.js';
import { positiveInt, type CommandContext } from '../options.js';

interface StageFlags extends ConfigFlags {
  format: 'text' | 'json';
  rounds?: number;
  mta?: StageMta;
  keep: boolean;
  quiet: boolean;
}

export function registerStage(program: Command, { io, setCode }: CommandContext): void {
  program
    .command('stage')
    .description('stage topology files on real Exim and Postfix daemons in a network namespace and compare the outcome with the verdicts (root, Linux)')
    .argument('<files...>', 'topology files (YAML or JSON, FORMAT.md)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--rounds <n>', 'rounds of queue runs, the submission round included (default 4)', positiveInt('--rounds'))
    .addOption(new Option('--mta <mta>', 'run every host that can run it (and the implicit sender) on this MTA; default: Postfix for software: postfix, Exim otherwise').choices(['exim', 'postfix']))
    .option('--keep', 'keep the working directory (configurations, logs, mailboxes)', false)
    .option('-q, --quiet', 'no progress on stderr', false)
    .addOption(configOption())
    .addOption(noConfigOption())
    .action(async (files: string[], flags: StageFlags) => {
      const codes: ExitCode[] = [];
      let unavailable: string | null | undefined;
      // A config is loaded so that `expect` may name its properties; real MTAs are compared on the built-in ones.
      const configs = await Configs.load(files, flags, io);
      for (const file of files) {
        const loaded = loadTopologyFile(file, { config: configs.for(file)?.config });
        if (!loaded.ok) {
          for (const e of loaded.errors) io.stderr(formatLoadError(e) + '\n');
          codes.push(EXIT.badInput);
          continue;
        }
        const custom = configRolesUsed(loaded.topology);
        if (custom.length > 0) {
          io.stderr(safeText(`mxproof stage: ${file}: cannot stage role ${custom.join(', ')} of a config: a real Exim or Postfix has no configuration for it\n`));
          codes.push(EXIT.badInput);
          continue;
        }
        const note = notCarried(configs.for(file), 'stage', 'the staged MTAs are compared on the built-in properties only');
        if (note !== null) io.stderr(safeText(`mxproof stage: ${file}: ${note}\n`));
        try {
          planStage(loaded.topology, 'check', { mta: flags.mta, available: installedMtas() });
        } catch (err) {
          io.stderr(safeText(`mxproof stage: ${file}: ${(err as Error).message}\n`));
          codes.push(EXIT.badInput);
          continue;
        }
        unavailable ??= await stagingUnavailable();
        if (unavailable !== null) {
          io.stderr(safeText(`mxproof stage: ${file}: cannot stage on this machine: ${unavailable}\n`));
          codes.push(EXIT.badInput);
          continue;
        }
        try {
          const f = await stageAndCompare(loaded.topology, {
            rounds: flags.rounds ?? 4,
            mta: flags.mta,
            keep: flags.keep,
            onProgress: flags.quiet ? undefined : (line) => io.stderr(`${line}\n`),
          });
          if (flags.format === 'json') {
            io.stdout(JSON.stringify({ file, comparison: f.comparison, observation: f.observation, schedule: f.run.schedule, durationMs: f.run.durationMs, dir: flags.keep ? f.run.dir : null }) + '\n');
          } else {
            io.stdout(safeText(renderStageText(f.run, f.observation, f.comparison)));
            if (flags.keep) io.stdout(`working directory kept: ${f.run.dir}\n`);
          }
          codes.push(f.comparison.agree ? EXIT.ok : EXIT.violated);
        } catch (err) {
          io.stderr(safeText(`mxproof stage: ${file}: staging failed: ${(err as Error).message}\n`));
          codes.push(EXIT.badInput);
        }
      }
      setCode(worst(codes));
    });
}
