/**
 * `mxproof import dns DOMAIN... [--server HOST[:PORT]]`, `mxproof import zone FILE [--origin NAME]`
 * and `mxproof import postfix PATH`: a real set-up as a FORMAT.md topology that `check` loads, on
 * stdout or in `--out FILE`. What the source said that a reader should know goes to stderr as
 * notes. Exit 0 when written; 2 when the source cannot be read: a DNS lookup that fails (NXDOMAIN
 * for a domain asked about, SERVFAIL, REFUSED, a timeout, no server), a zone file or a Postfix
 * configuration that cannot be parsed, a catalogue file with errors, or a file that cannot be written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DnsLookupError, importDns, importZone, loadCatalogue, ZoneError, type CatalogueEntry, type ImportResult } from '../../import/index.js';
import { importPostfix, PostfixImportError } from '../../import/postfix.js';
import { parseName } from '../../../models/topology/parse.js';
import { safeText } from '../safe.js';
import { CliError, EXIT } from '../exit.js';
import type { CliIO } from '../io.js';
import { collect, positiveOf, type CommandContext } from '../options.js';

interface OutFlags {
  out?: string;
  catalogue?: string;
}

function catalogue(file: string | undefined): CatalogueEntry[] {
  if (file === undefined) return [];
  const loaded = loadCatalogue(file);
  if (!loaded.ok) throw new CliError(`catalogue ${loaded.errors.join('\n  ')}`);
  return loaded.entries;
}

function emit(result: ImportResult, flags: OutFlags, io: CliIO): void {
  for (const note of result.notes) io.stderr(safeText(`mxproof import: note: ${note}\n`));
  if (flags.out === undefined) return io.stdout(result.text);
  try {
    writeFileSync(flags.out, result.text);
  } catch (err) {
    throw new CliError(`cannot write ${flags.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  io.stderr(safeText(`mxproof import: wrote ${flags.out}; check it with: mxproof check ${flags.out}\n`));
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read it (${code ?? String(err)})`}`);
  }
}

export function registerImport(program: Command, { io, setCode }: CommandContext): void {
  const imp = program.command('import').description('turn a real set-up (live DNS, a zone file, a Postfix configuration) into a topology file');
  imp
    .command('dns')
    .description("look up the domains' MX, CNAME and address records and infer the hosts")
    .argument('<domains...>', 'domains whose incoming mail to import')
    .option('--server <host[:port]>', 'ask this DNS server (default: the system resolver)')
    .option('--timeout <seconds>', 'wait this long for each answer (default 2.5)', positiveOf('seconds'))
    .option('--catalogue <file>', 'a YAML file of services of your own to recognise, before the built-in ones')
    .option('-o, --out <file>', 'write the topology to this file instead of stdout')
    .action(async (domains: string[], flags: OutFlags & { server?: string; timeout?: number }) => {
      for (const d of domains) {
        const parsed = parseName(d, 'domain name');
        if (!parsed.ok) throw new CliError(parsed.message);
      }
      try {
        emit(await importDns(domains, { server: flags.server, timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000, catalogue: catalogue(flags.catalogue) }), flags, io);
      } catch (err) {
        if (err instanceof DnsLookupError) throw new CliError(`DNS lookup failed: ${err.message}`);
        throw err;
      }
      setCode(EXIT.ok);
    });
  imp
    .command('zone')
    .description('read a BIND zone file and infer the hosts, as import dns does')
    .argument('<file>', 'zone file (RFC 1035 master file format)')
    .option('--origin <name>', 'the origin relative names are completed with, for a file without $ORIGIN')
    .option('--domain <domain>', 'import only this domain (repeatable; default: every name with MX records)', collect, [])
    .option('--catalogue <file>', 'a YAML file of services of your own to recognise, before the built-in ones')
    .option('-o, --out <file>', 'write the topology to this file instead of stdout')
    .action((file: string, flags: OutFlags & { origin?: string; domain: string[] }) => {
      const text = readText(file);
      try {
        emit(importZone(text, file, { origin: flags.origin, domains: flags.domain, catalogue: catalogue(flags.catalogue) }), flags, io);
      } catch (err) {
        if (err instanceof ZoneError) throw new CliError(`zone file ${file}: ${err.message}`);
        throw err;
      }
      setCode(EXIT.ok);
    });
  imp
    .command('postfix')
    .description('read a Postfix configuration (a directory with main.cf and master.cf, or `postconf -n` output) as one host')
    .argument('<path>', 'configuration directory, or a file of `postconf -n` output')
    .option('--name <host>', 'the host name (default: myhostname)')
    .option('--into <file>', 'merge the host into this topology file (replacing a host of the same name) instead of making a topology of its own')
    .option('-o, --out <file>', 'write the topology to this file instead of stdout')
    .action((path: string, flags: OutFlags & { name?: string; into?: string }) => {
      try {
        emit(importPostfix(path, { name: flags.name, into: flags.into }), flags, io);
      } catch (err) {
        if (err instanceof PostfixImportError) throw new CliError(`postfix configuration ${path}: ${err.message}`);
        throw err;
      }
      setCode(EXIT.ok);
    });
}
