/**
 * `mxproof export --promela FILE [--out PATH]`: the composed model of a topology as a Promela
 * program asserting call-ahead-bounded and no-forwarding-loop, to cross-check with SPIN
 * (src/promela/export.ts says how to run it). Exit 0 when written; 2 for bad input or usage.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { configRolesUsed } from '../../../models/roles/registry.js';
import { formatLoadError } from '../../../models/topology/load.js';
import { loadTopologyFile } from '../../api/load.js';
import { Configs, configOption, noConfigOption, notCarried, type ConfigFlags } from '../config.js';
import { safeText } from '../safe.js';
import { CliError, EXIT } from '../exit.js';
import type { CommandContext } from '../options.js';

export function registerExport(program: Command, { io, setCode }: CommandContext): void {
  program
    .command('export')
    .description('export a topology for another checker: --promela writes a Promela program for SPIN')
    .requiredOption('--promela <file>', 'topology file (YAML or JSON, FORMAT.md) to export as Promela')
    .option('-o, --out <path>', 'write the program to this file instead of stdout')
    .addOption(configOption())
    .addOption(noConfigOption())
    .action(async (flags: { promela: string; out?: string } & ConfigFlags) => {
      // Loaded here, not with the CLI: `check` should not pay for the exporter.
      const { exportPromela, PromelaLimitError } = await import('../../promela/export.js');
      const configs = await Configs.load([flags.promela], flags, io);
      const loaded = loadTopologyFile(flags.promela, { config: configs.for(flags.promela)?.config });
      if (!loaded.ok) {
        for (const e of loaded.errors) io.stderr(formatLoadError(e) + '\n');
        setCode(EXIT.badInput);
        return;
      }
      const custom = configRolesUsed(loaded.topology);
      if (custom.length > 0) {
        throw new CliError(`${flags.promela}: cannot export role ${custom.join(', ')} of a config to Promela: the program encodes the built-in roles' machines only`);
      }
      const note = notCarried(configs.for(flags.promela), 'export', 'the Promela program asserts call-ahead-bounded and no-forwarding-loop only');
      if (note !== null) io.stderr(safeText(`mxproof export: ${flags.promela}: ${note}\n`));
      let text: string;
      try {
        text = exportPromela(loaded.topology);
      } catch (err) {
        if (err instanceof PromelaLimitError) throw new CliError(`${flags.promela}: ${err.message}`);
        throw err;
      }
      if (flags.out === undefined) {
        io.stdout(text);
      } else {
        try {
          writeFileSync(flags.out, text);
        } catch (err) {
          throw new CliError(`cannot write ${flags.out}: ${(err as Error).message}`);
        }
      }
      setCode(EXIT.ok);
    });
}
