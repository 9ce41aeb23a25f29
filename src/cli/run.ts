/**
 * The command table. Commands are thin glue over pure code; every problem becomes a CliError that
 * only this entry point maps to an exit code, and nothing below it calls process.exit.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { checkCommand, type CheckFlags } from './checkCommand.js';
import { CliError, EXIT, type ExitCode } from './exit.js';
import type { CliIO } from './io.js';

function positiveInt(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive integer, got '${value}'`);
    return n;
  };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`must be a positive number of seconds, got '${value}'`);
  return n;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = new Command('mxproof')
    .description('A model checker for e-mail routing: finds mail loops, call-ahead storms and lost mail in MX topologies.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('check')
    .description('check topology files exhaustively against every property')
    .argument('<files...>', 'topology files (YAML or JSON, FORMAT.md)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--property <id>', 'check only this property (repeatable)', collect, [])
    .option('--max-states <n>', 'stop after this many states; undecided verdicts become inconclusive (default 2000000)', positiveInt('--max-states'))
    .option('--timeout <seconds>', 'stop after this many seconds (verdicts become inconclusive)', positiveNumber)
    .option('-q, --quiet', 'no progress on stderr', false)
    .action((files: string[], flags: CheckFlags) => {
      code = checkCommand(files, flags, io);
    });

  try {
    await program.parseAsync(['node', 'mxproof', ...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (err instanceof CliError) {
      io.stderr(`mxproof: ${err.message}\n`);
      return err.code;
    }
    throw err;
  }
}
