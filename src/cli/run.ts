/**
 * The command table. Commands are thin glue over pure code; every problem becomes a CliError that
 * only this entry point maps to an exit code, and nothing below it calls process.exit.
 */
import { Command, CommanderError } from 'commander';
import { registerCheck } from './commands/check.js';
import { registerDiff } from './commands/diff.js';
import { registerExplore } from './commands/explore.js';
import { registerExport } from './commands/export.js';
import { registerDiagram } from './commands/diagram.js';
import { registerDocs } from './commands/docs.js';
import { registerStage } from './commands/stage.js';
import { registerReplay } from './commands/replay.js';
import { CliError, EXIT, type ExitCode } from './exit.js';
import type { CliIO } from './io.js';
import type { CommandContext } from './options.js';

/** One registration per command, each in its own file under commands/. */
const COMMANDS: ((program: Command, ctx: CommandContext) => void)[] = [registerCheck, registerExplore, registerDiagram, registerDocs, registerStage, registerDiff, registerReplay, registerExport];

export async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = new Command('mxproof')
    .description('A model checker for e-mail routing: finds mail loops, call-ahead storms and lost mail in MX topologies.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  const ctx: CommandContext = { io, setCode: (c) => (code = c) };
  for (const register of COMMANDS) register(program, ctx);

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
