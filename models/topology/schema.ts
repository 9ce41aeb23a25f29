/**
 * The structure of a topology file (FORMAT.md, version 1) as a zod schema. It checks shapes and
 * fixed word sets only; what needs more than a shape (MX strings, host:port, addresses, host
 * references, role requirements) is checked afterwards by the build step, which can say more.
 * The descriptions are FORMAT.md's, so the JSON Schema generated from this shows them in editors.
 */
import * as z from 'zod';
import { PROPERTY_IDS, type Fault, type PropertyId, type BuiltInRole, type Verdict, type VerifyMode } from './types.js';
import { ALLOW_FROM_REPLIES, SOFTWARE_NAMES } from './software.js';
import { kindOf, oneOfMessage, show } from './text.js';

/** The built-in roles (models/roles/builtIn.ts registers them); a config may register more, so the schema takes any name and the build step checks it. */
export const ROLES = ['mailbox', 'relay', 'filter', 'backup-mx', 'mta'] as const satisfies readonly BuiltInRole[];
export const VERIFY_MODES = ['none', 'local', 'list', 'call-ahead'] as const satisfies readonly VerifyMode[];
export const FAULTS = ['transient', 'down'] as const satisfies readonly Fault[];
export const VERDICTS = ['holds', 'violated', 'not-applicable', 'inconclusive'] as const satisfies readonly Verdict[];
export const SPAM_ACTIONS = ['reject', 'quarantine'] as const;

export const ROUTE_FORMS = 'a route is `local`, `mx`, `{ to: [H[:P], ...] }` or `{ bestMxElse: H[:P] }` (exactly one of these)';

/** An enum whose error names the field's kind and suggests the closest word. */
function words<const T extends readonly [string, ...string[]]>(noun: string, values: T) {
  return z.enum(values, { error: (iss) => oneOfMessage(noun, values, iss.input) });
}

function positiveInt(what: string) {
  const message = (iss: { input?: unknown }) => `${what} must be a positive integer (1, 2, …), got ${show(iss.input)}`;
  return z.number({ error: message }).int({ error: message }).min(1, { error: message });
}

/**
 * A bound the state space grows with, linearly or worse: past `max` it only blows the search up
 * (every hop or nested call-ahead is a state of its own), so the loader says so instead.
 */
function searchBound(what: string, max: number, why: string) {
  return positiveInt(what).max(max, { error: (iss) => `${what} is at most ${max} (${why}), got ${show(iss.input)}` });
}

/** RFC 5321 §6.3 asks for at least 100 hops; real MTAs bounce at 25–50. */
export const MAX_HOP_LIMIT = 1000;
/** A chain deeper than this is far beyond any real call-ahead timeout. */
export const MAX_CALL_AHEAD_DEPTH = 1000;

const port = z
  .number({ error: (iss) => `a port is an integer from 1 to 65535, got ${show(iss.input)}` })
  .int({ error: (iss) => `a port is an integer from 1 to 65535, got ${show(iss.input)}` })
  .min(1, { error: (iss) => `port ${show(iss.input)} is out of range; a port is an integer from 1 to 65535` })
  .max(65535, { error: (iss) => `port ${show(iss.input)} is out of range; a port is an integer from 1 to 65535` });

const hostPort = z
  .string()
  .describe('H[:P]: a host listed under `hosts`, optionally with a port 1..65535 (default 25)');

const hostName = z.string().describe('the name of a host listed under `hosts`');

export const routeSchema = z
  .union(
    [
      z.enum(['local', 'mx']).describe('`local`: deliver to own mailboxes. `mx`: look up the recipient domain\'s MX and deliver by preference (port 25)'),
      z.strictObject({
        to: z
          .array(hostPort)
          .min(1, { error: 'a `to` route needs at least one next hop, e.g. `to: ["mail.example.com"]`' })
          .describe('fixed next hops H[:P], tried in order'),
      }),
      z.strictObject({
        bestMxElse: hostPort.describe(
          "MailHop Relay's rule: if this host is the best-preference MX of the domain, deliver to H:P, else forward to the best-preference MX (port 25)",
        ),
      }),
    ],
    { error: ROUTE_FORMS },
  )
  .describe('where accepted mail goes next: `local`, `mx`, `{ to: [H[:P], ...] }` or `{ bestMxElse: H[:P] }`');

const software = words('software', SOFTWARE_NAMES);

const hostSchema = z
  .strictObject({
    role: z
      .string({ error: (iss) => oneOfMessage('role', ROLES, iss.input) })
      .meta({ examples: [...ROLES] })
      .optional()
      .describe('preset that fills accepts, verify and route: mailbox | relay | filter | backup-mx | mta, or a role a config file registers (default mta)'),
    accepts: z.array(z.string()).optional().describe('domains this host receives mail for; any other RCPT gets `550 relay denied`. ["*"] = every domain (default: from role)'),
    mailboxes: z.array(z.string()).optional().describe('addresses that are delivered here (final delivery); default []'),
    recipients: z.array(z.string()).optional().describe('a recipient list used by `verify: list` (MailHop\'s "user list"); default []'),
    verify: words('verify mode', VERIFY_MODES).optional().describe(
      'how RCPT is answered. none: 250 for any address at an accepted domain. local: 250 only for own mailboxes. list: 250 only for recipients. call-ahead: ask this host\'s next hop first and pass its answer back (default: from role)',
    ),
    deferOk: z.boolean().optional().describe('with call-ahead: answer 250 when the call-ahead fails temporarily (default false)'),
    route: routeSchema.optional(),
    routes: z.record(z.string(), routeSchema).optional().describe('per-domain overrides of `route`: { "example.com": <route>, ... }'),
    selfCheck: z.boolean().optional().describe('with route mx: drop MX records whose preference is equal to or worse than this host\'s own (RFC 5321 §5.1); default true'),
    listen: z.array(port).optional().describe('ports it accepts connections on (default [25])'),
    allowFrom: z.array(hostName).optional().describe('hosts allowed to connect (an IP lock); absent = anyone'),
    spam: z
      .strictObject({
        blocks: z.array(hostName).describe('hosts whose mail is refused or discarded'),
        whitelist: z.array(hostName).optional().describe('hosts exempt from `blocks` (default [])'),
        action: words('spam action', SPAM_ACTIONS).optional().describe('reject: 5xx at end of DATA; quarantine: accept and silently discard (default reject)'),
      })
      .optional()
      .describe('anti-spam verdicts: mail from a blocked host that is not whitelisted is rejected or quarantined'),
    hopLimit: searchBound('hopLimit', MAX_HOP_LIMIT, 'every hop is a state of its own; real MTAs bounce at 25–50, RFC 5321 asks for 100').optional().describe('a message that has passed this many hosts is bounced with 554 5.4.6 (default from software: 50, Exim 30)'),
    software: software.optional().describe('the MTA whose client behaviour the host follows where real MTAs differ: generic | postfix | exim (default: defaults.software, else generic)'),
    allowFromReply: z
      .literal(ALLOW_FROM_REPLIES, {
        error: (iss) => `allowFromReply is 421 (a temporary refusal, like a down host) or 550 (an IP lock), got ${show(iss.input)}`,
      })
      .optional()
      .describe('how a client allowFrom does not list is refused at connect: 421 (default) or 550'),
    tags: z.array(z.string()).optional().describe('free labels that user-defined roles and properties may read; no built-in behaviour reads them (default [])'),
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("a config role's own options, checked by the schema the role registers; the built-in roles take none"),
  })
  .describe('a mail server; it resolves by its name');

const dnsEntrySchema = z
  .strictObject({
    mx: z
      .array(z.string())
      .optional()
      .describe('MX records as "PREFERENCE HOST", e.g. "10 mx.example.com"; ["0 ."] is a null MX'),
    a: z.array(z.string()).optional().describe('IPv4 address records'),
    aaaa: z.array(z.string()).optional().describe('IPv6 address records'),
    cname: z.string().optional().describe('the canonical name this name is an alias of'),
  })
  .describe('what resolvers answer for this owner name');

const messageSchema = z.strictObject({
  from: z.string().describe('the sender address (bounces go here)'),
  to: z.string().describe('the recipient address'),
  via: hostName.optional().describe('the host that sends it; absent = an implicit sending MTA that delivers by MX'),
}).describe('a message: from and to are addresses (local@domain)');


const verdict = words('verdict', VERDICTS);
const expectSchema = z
  .object(
    // Each id's description is its property's summary, added by jsonSchema.ts from the registry.
    Object.fromEntries(PROPERTY_IDS.map((id) => [id, verdict.optional()])) as Record<
      PropertyId,
      z.ZodOptional<typeof verdict>
    >,
  )
  // A path property's id (under `properties`) may be named too; the build step checks it is one.
  .catchall(verdict)
  .describe('the verdicts this file is meant to have, by property id: a built-in one or one under `properties`');

const pathHosts = z.array(hostName).describe('host names listed under `hosts`');
const pathPropertySchema = z
  .strictObject({
    waypoint: pathHosts.optional().describe('every delivered message was accepted by at least one of these hosts on its way'),
    avoid: pathHosts.optional().describe('no message is ever accepted (250 after DATA) by one of these hosts'),
    for: z.array(z.string()).optional().describe('only messages to these recipient domains (default: every message)'),
  })
  .describe('a path property: exactly one of `waypoint` or `avoid`, and optionally `for`');

export const topologySchema = z
  .strictObject(
    {
      $schema: z.string().optional().describe('the JSON Schema this file follows (ignored by mxproof)'),
      version: z
        .literal(1, { error: (iss) => `unsupported version ${show(iss.input)}; this mxproof reads \`version: 1\`` })
        .describe('format version; must be 1'),
      defaults: z
        .strictObject({
          software: software.optional().describe('the software of every host that does not name its own, and of the implicit sender (default generic)'),
        })
        .optional()
        .describe('settings every host starts from'),
      dns: z.record(z.string(), dnsEntrySchema).optional().describe('what resolvers answer, keyed by owner name'),
      hosts: z.record(z.string(), hostSchema).optional().describe('mail servers, keyed by host name'),
      network: z
        .strictObject({
          blocked: z.array(hostPort).optional().describe('H[:P] whose inbound port is closed (ISP block, firewall)'),
          faults: z
            .record(z.string(), words('fault kind', FAULTS))
            .optional()
            .describe('hosts that fail, by name. transient: goes down and comes back; down: never answers'),
        })
        .optional()
        .describe('the network between hosts: closed ports and failing hosts'),
      messages: z.array(messageSchema).optional().describe('the messages whose fate is checked'),
      limits: z
        .strictObject({
          callAheadDepth: searchBound('callAheadDepth', MAX_CALL_AHEAD_DEPTH, 'every nested call-ahead is a state of its own; real ones time out long before').optional().describe('deepest call-ahead chain explored (default: hosts + 1)'),
        })
        .optional()
        .describe('bounds on the search'),
      properties: z
        .record(z.string(), pathPropertySchema)
        .optional()
        .describe('path properties of your own, by id (not one of the seven built-in ids)'),
      expect: expectSchema.optional(),
    },
    {
      error: (iss) =>
        iss.code === 'invalid_type'
          ? `a topology is a mapping that starts with \`version: 1\` (then dns, hosts, network, messages, …), got ${kindOf(iss.input)}`
          : undefined,
    },
  )
  .meta({
    title: 'mxproof topology, version 1',
    description: 'How mail for some domains travels: DNS, mail hosts, network faults, messages and expected verdicts.',
  });

export type RawTopology = z.output<typeof topologySchema>;
export type RawHost = z.output<typeof hostSchema>;
export type RawRoute = z.output<typeof routeSchema>;
export type RawDnsEntry = z.output<typeof dnsEntrySchema>;
