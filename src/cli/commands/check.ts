/** `mxproof check FILE...`: the command line of the check command. */
import { Option, type Command } from 'commander';
import { DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_STATES } from '../../api/budget.js';
import { defaultJobs } from '../../api/jobs.js';
import { CHECK_FORMATS, checkCommand, type CheckFlags } from '../checkCommand.js';
import { Configs, configOption, noConfigOption, type ConfigFlags } from '../config.js';
import { collect, positiveInt, positiveNumber, positiveOf, type CommandContext } from '../options.js';

export function registerCheck(program: Command, { io, setCode }: CommandContext): void {
  program
    .command('check')
    .description('check topology files exhaustively against every property')
    .argument('<files...>', 'topology files (YAML or JSON, FORMAT.md)')
    .addOption(
      new Option('--format <format>', 'report format; json is one object per file per line, junit and sarif one document for all files')
        .choices([...CHECK_FORMATS])
        .default('text'),
    )
    .option('--property <id>', 'check only this property (repeatable)', collect, [])
    .option('--max-states <n>', `stop after this many states; undecided verdicts become inconclusive (default ${DEFAULT_MAX_STATES})`, positiveInt('--max-states'))
    .option('--timeout <seconds>', 'stop after this many seconds, reading and set-up included (verdicts become inconclusive)', positiveNumber)
    .option('--max-memory <MB>', `stop when the check of a file has grown memory by this many MiB (verdicts become inconclusive; default ${DEFAULT_MAX_MEMORY_MB}); each of --jobs N threads has this budget, so together they may use N times it`, positiveOf('MiB'))
    .option('--jobs <n>', `threads checking files, each the next file in order (default: the cores available but one, here ${defaultJobs()}); the reports and exit code are the same for any n, printed in file order`, positiveInt('--jobs'), defaultJobs())
    .option('--message <n|address>', "check one message alone: its number in the file (from 1) or its recipient; the file's expect is left out")
    .option('--failures <k>', 'also check every set of at most K hosts a message can reach with those hosts failing (FORMAT.md 1.1 failure sweeps)', positiveInt('--failures'))
    .addOption(new Option('--failure-kind <kind>', 'the fault each host of a set gets: transient (an outage that ends) or down (gone for good)').choices(['transient', 'down']).default('transient'))
    .option('--no-reductions', 'store every state of the whole product: no messages checked apart, no symmetric hosts folded (to cross-check; same verdicts and counts, slower)')
    .option('-q, --quiet', 'no progress or warnings on stderr; the text report leaves out files whose verdicts are all fine', false)
    .option('--all-steps', "text: print every step of a counterexample, other messages' and faults they do not see included", false)
    .addOption(configOption())
    .addOption(noConfigOption())
    .action(async (files: string[], flags: CheckFlags & ConfigFlags) => setCode(await checkCommand(files, flags, io, await Configs.load(files, flags, io))));
}
