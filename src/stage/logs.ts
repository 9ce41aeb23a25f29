/**
 * Reading the MTAs' logs into one stream of events: Exim main logs (log_selector +millisec +pid,
 * timezone UTC) here, Postfix logs in `postfix/logs.ts`. Only the lines the observation needs are
 * recognised; everything else is kept as `other`.
 */
import { readPostfixLog } from './postfix/logs.js';
import type { Entry, LogEvent, LogLine } from './logEvents.js';
import type { StageMta } from './plan.js';

export type { Entry, LogEvent, LogLine } from './logEvents.js';

const LINE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) \[(\d+)\] (?:([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) )?(.*)$/;

export function parseLog(host: string, text: string): LogLine[] {
  const out: LogLine[] = [];
  for (const raw of text.split('\n')) {
    const m = LINE.exec(raw);
    if (m === null) continue;
    const at = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
    out.push({ host, at, pid: Number(m[8]), id: m[9] ?? null, text: m[10]!, raw });
  }
  return out;
}

const field = (text: string, re: RegExp): string | null => re.exec(text)?.[1] ?? null;

export function classify(line: LogLine): LogEvent {
  const t = line.text;
  let m: RegExpExecArray | null;
  if ((m = /^MXP rcpt client=(\S*) port=(\d*) sender=<([^>]*)> rcpt=<([^>]*)>/.exec(t))) {
    return { kind: 'rcpt', client: m[1]!, port: Number(m[2]), sender: m[3]!, rcpt: m[4]!.toLowerCase() };
  }
  if ((m = /^MXP rcpt-answer (\d+) (\S+)/.exec(t))) return { kind: 'rcpt-answer', code: Number(m[1]), reason: m[2]! };
  if ((m = /^MXP call-ahead start rcpt=<([^>]*)>/.exec(t))) return { kind: 'call-ahead-start', rcpt: m[1]!.toLowerCase() };
  if ((m = /^MXP data client=(\S*) received_headers=(\d+)/.exec(t))) return { kind: 'data', client: m[1]!, receivedHeaders: Number(m[2]) };
  if ((m = /\[([\d.]+)\](?::\d+)?(?: I=\S+)? F=<([^>]*)> (temporarily )?rejected RCPT <([^>]*)>: (.*)$/.exec(t))) {
    return { kind: 'rcpt-rejected', temporary: m[3] !== undefined, client: m[1]!, sender: m[2]!, rcpt: m[4]!.toLowerCase(), reason: m[5]! };
  }
  if ((m = /^Connection from \[([\d.]+)\].* refused: (.*)$/.exec(t))) return { kind: 'connection-refused', client: m[1]!, reason: m[2]! };
  if ((m = /\[([\d.]+)\].* (temporarily )?rejected connection in "connect" ACL(?:: (.*))?$/.exec(t))) {
    return { kind: 'connect-acl', temporary: m[2] !== undefined, client: m[1]!, reason: m[3] ?? '' };
  }
  if ((m = /^SMTP connection from .*\[([\d.]+)\].* (closed by QUIT|lost.*|closed.*|.*timeout.*)$/.exec(t))) {
    return { kind: 'session-end', client: m[1]!, how: m[2]! };
  }
  if (line.id !== null) {
    if ((m = /^<= (\S+) (.*)$/.exec(t))) {
      return {
        kind: 'received',
        sender: m[1]!,
        client: field(m[2]!, /H=\S* ?\[([\d.]+)\]/) ?? field(m[2]!, /\[([\d.]+)\]/),
        messageId: field(m[2]!, /(?:^| )id=(\S+)/),
        bounceOf: field(m[2]!, /(?:^| )R=(\S+)/),
      };
    }
    if ((m = /^(?:=>|->) (.*)$/.exec(t))) {
      const rest = m[1]!;
      if (/^blackhole|^:blackhole:/.test(rest)) return { kind: 'discarded', reason: rest };
      const rcpt = (/<([^>]+)>/.exec(rest.split(' R=')[0]!)?.[1] ?? rest.split(' ')[0]!).toLowerCase();
      const router = field(rest, / R=(\S+)/) ?? '';
      return {
        kind: 'delivered',
        rcpt,
        // A sink for a server outside the model takes mail for external recipients: their delivery.
        mailbox: router === 'mxp_mailbox' || router === 'mxp_external',
        router,
        transport: field(rest, / T=(\S+)/) ?? '',
        remote: field(rest, / H=(\S+)/),
        remoteAddress: field(rest, / H=\S+ \[([\d.]+)\]/),
      };
    }
    if ((m = /^H=(\S+ \[[\d.]+\](?::\d+)?) (.*)$/.exec(t))) return { kind: 'host-error', host: m[1]!, reason: m[2]! };
    if ((m = /^== (\S+) (.*)$/.exec(t))) return { kind: 'deferred', rcpt: m[1]!.toLowerCase(), reason: m[2]! };
    if ((m = /^\*\* (\S+) (.*)$/.exec(t))) return { kind: 'failed', rcpt: m[1]!.toLowerCase(), reason: m[2]! };
    if (t === 'Completed') return { kind: 'completed' };
  }
  return { kind: 'other' };
}

export function readEximLog(host: string, text: string): Entry[] {
  return parseLog(host, text).map((line) => ({ line, event: classify(line) }));
}

/** Every host's log, each read by its MTA's reader, in time order (stable within a host). */
export function readLogs(logs: readonly { name: string; mainlog: string; mta?: StageMta }[]): Entry[] {
  return logs
    .flatMap((h) => (h.mta === 'postfix' ? readPostfixLog(h.name, h.mainlog) : readEximLog(h.name, h.mainlog)))
    .sort((a, b) => a.line.at - b.line.at);
}
