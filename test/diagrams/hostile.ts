/**
 * Names that try to be markup: quotes, angle brackets and tags, `-->`, `%%`, `#`, `;`, backticks,
 * pipes, entities, a newline, a bidi override, an ESC sequence that would hide the rest of a terminal
 * report, a NUL, and non-Latin letters. The loader refuses most of
 * them in host names, so the founding loop is built here as a normalized Topology directly; a
 * second, loadable file carries what the loader accepts (addresses, a dangling MX target).
 */
import type { Host, Topology } from '../../models/topology/types.js';
import { plainHost } from '../../models/topology/plainHost.js';
import { visible } from '../../src/report/escape.js';

export const FILTER = 'mx."q"<b>bold</b><img src=x onerror="window.__pwned=1">.test';
export const RELAY = 'relay-->x%%y#35;z;w`|{}[]$.test';
export const MAILBOX = 'mail&lt;amp&gt;\\back\nline\u202eevil\u001b[8m\u0000.ünï-cödé.test';
export const DOMAIN = 'ex"am<p>le%%#.com';
export const RCPT = `a"l<i>ce%%#;-->@${DOMAIN}`;
export const FROM = '<script>window.__pwned=1</script>@evil.test';

/** Every hostile string, as it must read once drawn (control characters made visible). */
export const NAMES = [FILTER, RELAY, MAILBOX, DOMAIN, RCPT].map(visible);

const host = (name: string, fields: Partial<Host>): Host => plainHost(name, { hopLimit: 25, ...fields });

/**
 * The founding loop with hostile names: the filter and the relay call ahead to each other forever.
 * Beside it, two DNS problems under hostile names (a CNAME beside an address, a dangling MX), and an
 * IP lock on the mailbox that refuses the relay's idle destination edge: none of them changes the loop.
 */
export function hostileTopology(): Topology {
  return {
    version: 1,
    file: 'hostile "<file>" %% #;.yaml',
    dns: {
      [DOMAIN]: { mx: [{ preference: 10, host: FILTER }] },
      [`alias.${DOMAIN}`]: { cname: FILTER, a: ['192.0.2.1'] },
      [`other.${DOMAIN}`]: { mx: [{ preference: 10, host: `gone.${DOMAIN}` }] },
    },
    hosts: [
      host(FILTER, { role: 'filter', accepts: [DOMAIN], verify: 'call-ahead', route: { kind: 'to', to: [{ host: RELAY, port: 25 }] }, software: 'exim' }),
      host(RELAY, { role: 'relay', accepts: [DOMAIN], verify: 'call-ahead', route: { kind: 'bestMxElse', dest: { host: MAILBOX, port: 2525 } } }),
      host(MAILBOX, { role: 'mailbox', accepts: [DOMAIN], mailboxes: [RCPT], verify: 'local', route: { kind: 'local' }, listen: [25, 2525], allowFrom: [FILTER], allowFromReply: 550 }),
    ],
    network: { blocked: [{ host: MAILBOX, port: 25 }], faults: { [MAILBOX]: 'transient' } },
    messages: [{ from: FROM, to: RCPT, via: null }],
    defaults: { software: 'generic' },
    limits: { callAheadDepth: 4 },
    properties: [],
    expect: {},
    positions: {},
  };
}

/** What the loader accepts: odd addresses and an MX target outside the model that looks like a tag. */
export const LOADABLE_MX = '"><img-src=x-onerror=alert(1)>--%%#;ü.test';
export const LOADABLE_RCPT = '"a;l%%#--ce"@example--x.com';
export const LOADABLE_YAML = `version: 1
dns:
  example--x.com:
    mx: ['10 mx--q_1.test', '20 ${LOADABLE_MX.replace(/'/g, "''")}']
hosts:
  mx--q_1.test:
    role: filter
    accepts: [example--x.com]
    verify: call-ahead
    route: { to: ['r_-.test'] }
  r_-.test:
    role: relay
    accepts: [example--x.com]
    route: { bestMxElse: 'mail.test:2525' }
  mail.test:
    role: mailbox
    mailboxes: ['${LOADABLE_RCPT}']
    listen: [25, 2525]
network:
  blocked: ['mail.test:25']
messages:
  - { from: 'b"o%%b#;--x@sender.test', to: '${LOADABLE_RCPT}' }
`;
