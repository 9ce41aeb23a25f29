/**
 * Reading a staged Postfix's log into the events the observation shares with Exim (logs.ts). Each
 * line is `<harness stamp, ms, UTC> <Postfix's own line>`, the stamp added when the line left
 * postlogd (postfix/daemon.ts). Some events need more than one line, which is why this reads the
 * whole log at once:
 *
 *   received     cleanup's `QID: message-id=<…>` (the message is queued), with the client from
 *                smtpd's `QID: client=…[addr]` and, for a bounce Postfix made itself, the queue
 *                id it is the notification of (`QID: sender non-delivery notification: QID2`)
 *   host-error   `QID: host H[addr] said: …` / `refused to talk to me`, and `connect to H[addr]:port:
 *                …`, which the smtp client logs without a queue id: it belongs to the next line of
 *                the same process that has one
 *   rcpt …       the `MXP rcpt` WARN and `MXP rcpt-answer 250` INFO lines the generated
 *                smtpd_recipient_restrictions write, and smtpd's `NOQUEUE: reject: RCPT` lines
 */
import type { Entry, LogEvent, LogLine } from '../logEvents.js';

// 2026-12-05 08:42:35.123 Dec 05 08:42:35 sender postfix/smtp[11800]: D08A520C10E: to=<…>, …
const LINE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) \S+ +\d+ [\d:]+ \S+ (postfix\/[\w-]+)\[(\d+)\]: (?:([0-9A-F]{6,}|NOQUEUE): )?(.*)$/;

interface PostfixLine extends LogLine {
  program: string;
}

export function parsePostfixLog(host: string, text: string): PostfixLine[] {
  const out: PostfixLine[] = [];
  for (const raw of text.split('\n')) {
    const m = LINE.exec(raw);
    if (m === null) continue;
    const at = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
    const id = m[10] !== undefined && m[10] !== 'NOQUEUE' ? m[10] : null;
    out.push({ host, at, pid: Number(m[9]), id, text: m[11]!, raw, program: m[8]! });
  }
  return out;
}

/** `unknown[127.0.1.2]` or `host.test[127.0.1.2]` → the address. */
const addressIn = (s: string): string | null => /\[([\d.]+)\]/.exec(s)?.[1] ?? null;

/** One line's event, given what earlier lines said about its queue id. */
function classifyPostfix(line: PostfixLine, clients: Map<string, string>, bounceOf: Map<string, string>): LogEvent {
  const t = line.text;
  let m: RegExpExecArray | null;
  if ((m = /^warn: RCPT from \S+: MXP rcpt; from=<([^>]*)> to=<([^>]*)>/.exec(t))) {
    return { kind: 'rcpt', client: addressIn(t) ?? '?', port: 0, sender: m[1]!, rcpt: m[2]!.toLowerCase() };
  }
  if (/^info: RCPT from \S+: MXP rcpt-answer 250;/.test(t)) return { kind: 'rcpt-answer', code: 250, reason: 'accepted' };
  if ((m = /^reject: RCPT from \S+: ((\d)\d\d .*?); from=<([^>]*)> to=<([^>]*)>/.exec(t))) {
    return { kind: 'rcpt-rejected', temporary: m[2] === '4', client: addressIn(t) ?? '?', sender: m[3]!, rcpt: m[4]!.toLowerCase(), reason: m[1]! };
  }
  if ((m = /^reject: CONNECT from \S+: ((\d)\d\d .*?)(?:; proto=.*)?$/.exec(t))) {
    return { kind: 'connect-acl', temporary: m[2] === '4', client: addressIn(t) ?? '?', reason: m[1]! };
  }
  if ((m = /^disconnect from (\S+)/.exec(t))) return { kind: 'session-end', client: addressIn(m[1]!) ?? '?', how: t };
  if (line.id === null) {
    if ((m = /^connect to (\S+): (.*)$/.exec(t)) && line.program === 'postfix/smtp') return { kind: 'host-error', host: m[1]!, reason: m[2]! };
    return { kind: 'other' };
  }
  if ((m = /^message-id=<([^>]*)>/.exec(t)) && line.program === 'postfix/cleanup') {
    return { kind: 'received', sender: '', client: clients.get(line.id) ?? null, messageId: m[1]!, bounceOf: bounceOf.get(line.id) ?? null };
  }
  if ((m = /^to=<([^>]*)>, (?:orig_to=<[^>]*>, )?relay=([^,]*), .*status=(\w+) \((.*)\)$/.exec(t))) {
    const [, rcpt, relay, status, reason] = m;
    switch (status) {
      case 'sent': {
        const mailbox = relay === 'virtual';
        return {
          kind: 'delivered',
          rcpt: rcpt!.toLowerCase(),
          mailbox,
          router: relay!,
          transport: line.program.replace('postfix/', ''),
          remote: mailbox ? null : relay!.replace(/\[.*$/, ''),
          remoteAddress: mailbox ? null : addressIn(relay!),
        };
      }
      case 'deferred':
        return { kind: 'deferred', rcpt: rcpt!.toLowerCase(), reason: reason! };
      case 'bounced':
        return { kind: 'failed', rcpt: rcpt!.toLowerCase(), reason: reason! };
      default:
        return { kind: 'other' };
    }
  }
  if ((m = /^(host (\S+) (?:said|refused to talk to me): .*)$/.exec(t))) return { kind: 'host-error', host: m[2]!, reason: m[1]! };
  if ((m = /^((?:lost connection|conversation) with (\S+) .*)$/.exec(t))) return { kind: 'host-error', host: m[2]!, reason: m[1]! };
  if ((m = /^discard: END-OF-MESSAGE from \S+: (.*)$/.exec(t))) return { kind: 'discarded', reason: m[1]! };
  if (t === 'removed') return { kind: 'completed' };
  return { kind: 'other' };
}

export function readPostfixLog(host: string, text: string): Entry[] {
  const lines = parsePostfixLog(host, text);
  // What later lines need to know about a queue id, from lines that may come after them.
  const clients = new Map<string, string>();
  const bounceOf = new Map<string, string>();
  for (const l of lines) {
    if (l.id === null) continue;
    const client = /^client=(\S+)/.exec(l.text);
    if (client !== null) clients.set(l.id, addressIn(client[1]!) ?? client[1]!);
    const notice = /^sender (?:non-delivery|delay) notification: ([0-9A-F]+)/.exec(l.text);
    if (notice !== null) bounceOf.set(notice[1]!, l.id);
  }
  const entries = lines.map((line) => ({ line: line as LogLine, event: classifyPostfix(line, clients, bounceOf) }));
  // A connection failure the smtp client logged without a queue id belongs to the message that
  // process logs next.
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.event.kind !== 'host-error' || e.line.id !== null) continue;
    const next = entries.slice(i + 1).find((n) => n.line.pid === e.line.pid && n.line.id !== null);
    if (next !== undefined) e.line = { ...e.line, id: next.line.id };
  }
  return entries;
}
