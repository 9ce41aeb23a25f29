/**
 * `mxproof route FILE ADDRESS [--from HOST] [--format text|json]`: where one address goes, host
 * by host, as the models decide it, without exploring (the `exim -bt` of a topology). Exit 0 when
 * shown; 2 for a file that does not load, an address that is not one, or an unknown --from host.
 */
import { Option, type Command } from 'commander';
import { formatLoadError } from '../../../models/topology/load.js';
import { loadTopologyFile } from '../../api/load.js';
import { Configs, configOption, noConfigOption, type ConfigFlags } from '../config.js';
import { parseAddress } from '../../../models/topology/parse.js';
import { explainRoute, UnknownSender } from '../../import/route.js';
import { renderRouteText } from '../../report/route.js';
import { safeText } from '../safe.js';
import { CliError, EXIT } from '../exit.js';
import type { CommandContext } from '../options.js';

export function registerRoute(program: Command, { io, setCode }: CommandContext): void {
  program
    .command('route')
    .description('show where one address goes, host by host: RCPT answers, call-aheads, next hops (like exim -bt), without exploring')
    .argument('<file>', 'topology file (YAML or JSON, FORMAT.md)')
    .argument('<address>', 'the recipient address')
    .option('--from <host>', 'the host that sends it (default: an implicit sender delivering by MX)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(configOption())
    .addOption(noConfigOption())
    // The config is loaded only so that `expect` may name its properties: route judges none.
    .action(async (file: string, address: string, flags: { from?: string; format: 'text' | 'json' } & ConfigFlags) => {
      const configs = await Configs.load([file], flags, io);
      const loaded = loadTopologyFile(file, { config: configs.for(file)?.config });
      if (!loaded.ok) {
        for (const e of loaded.errors) io.stderr(formatLoadError(e) + '\n');
        setCode(EXIT.badInput);
        return;
      }
      const parsed = parseAddress(address);
      if (!parsed.ok) throw new CliError(parsed.message);
      try {
        const report = explainRoute(loaded.topology, parsed.value, flags.from);
        io.stdout(flags.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : safeText(renderRouteText(report)));
      } catch (err) {
        if (err instanceof UnknownSender) throw new CliError(`--from: ${err.message}`);
        throw err;
      }
      setCode(EXIT.ok);
    });
}
