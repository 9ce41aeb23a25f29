/**
 * The command table. Commands are thin glue over pure code; every problem becomes a CliError that
 * only this entry point maps to an exit code, and nothing below it calls process.exit.
 */
import { safeText } from './safe.js';
import { Command, CommanderError } from 'commander';
import { formatLoadError } from '../../models/topology/errors.js';
import { ExtensionError } from '../config/errors.js';
import { CliError, EXIT, type ExitCode } from './exit.js';
import type { CliIO } from './io.js';
import type { CommandContext } from './options.js';

type Register = (program: Command, ctx: CommandContext) => void;

/**
 * One registration per command, each in its own file under commands/, loaded only when needed:
 * module loading, not checking, is most of the time `mxproof check` takes on a small file, and
 * `check` should not pay for fast-check, Graphviz or the Exim stager. The order is --help's order.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  check: async () => (await import('./commands/check.js')).registerCheck,
  explore: async () => (await import('./commands/explore.js')).registerExplore,
  diagram: async () => (await import('./commands/diagram.js')).registerDiagram,
  docs: async () => (await import('./commands/docs.js')).registerDocs,
  stage: async () => (await import('./commands/stage.js')).registerStage,
  diff: async () => (await import('./commands/diff.js')).registerDiff,
  replay: async () => (await import('./commands/replay.js')).registerReplay,
  export: async () => (await import('./commands/export.js')).registerExport,
  import: async () => (await import('./commands/import.js')).registerImport,
  route: async () => (await import('./commands/route.js')).registerRoute,
};

/**
 * The registrations this command line needs: just the named command when the first word names one;
 * every command otherwise, so that --help lists them all and a misspelt name gets a suggestion.
 */
async function registrationsFor(argv: readonly string[]): Promise<Register[]> {
  const first = argv[0];
  const named = first !== undefined && Object.hasOwn(COMMANDS, first) ? [COMMANDS[first]!] : Object.values(COMMANDS);
  return Promise.all(named.map((load) => load()));
}

export async function run(argv: readonly string[], io: CliIO): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = new Command('mxproof')
    .description('A model checker for e-mail routing: finds mail loops, call-ahead storms and lost mail in MX topologies.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: (t) => io.stderr(safeText(t)) })
    .showHelpAfterError('(run with --help for usage)');
  const ctx: CommandContext = { io, setCode: (c) => (code = c) };
  for (const register of await registrationsFor(argv)) register(program, ctx);

  try {
    await program.parseAsync(['node', 'mxproof', ...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (err instanceof CliError) {
      io.stderr(safeText(`mxproof: ${err.message}\n`));
      return err.code;
    }
    // A config's function failed during a command that checks without the API (diagram, diff, …).
    if (err instanceof ExtensionError) {
      io.stderr(formatLoadError(err.error) + '\n');
      return EXIT.badInput;
    }
    throw err;
  }
}
