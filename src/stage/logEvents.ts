/**
 * The lines and events every MTA's log reader yields (logs.ts for Exim, postfix/logs.ts for
 * Postfix): apart from the readers so that each names them without importing the other.
 */
export interface LogLine {
  host: string;
  /** Milliseconds since the epoch (the logs are written in UTC). */
  at: number;
  pid: number;
  /** The MTA's id of the message the line is about (Exim message id, Postfix queue id), if any. */
  id: string | null;
  text: string;
  raw: string;
}

export type LogEvent =
  | { kind: 'rcpt'; client: string; port: number; sender: string; rcpt: string }
  | { kind: 'rcpt-answer'; code: number; reason: string }
  | { kind: 'call-ahead-start'; rcpt: string }
  | { kind: 'rcpt-rejected'; temporary: boolean; client: string; sender: string; rcpt: string; reason: string }
  | { kind: 'connection-refused'; client: string; reason: string }
  | { kind: 'connect-acl'; temporary: boolean; client: string; reason: string }
  | { kind: 'session-end'; client: string; how: string }
  | { kind: 'data'; client: string; receivedHeaders: number }
  | { kind: 'received'; sender: string; client: string | null; messageId: string | null; bounceOf: string | null }
  /** `mailbox`: final delivery into a mailbox of the host; otherwise handed to `remote`. */
  | { kind: 'delivered'; rcpt: string; mailbox: boolean; router: string; transport: string; remote: string | null; remoteAddress: string | null }
  | { kind: 'deferred'; rcpt: string; reason: string }
  /** One next hop failed; Exim goes on to the next one in the same run, if there is one. */
  | { kind: 'host-error'; host: string; reason: string }
  | { kind: 'failed'; rcpt: string; reason: string }
  | { kind: 'discarded'; reason: string }
  | { kind: 'completed' }
  | { kind: 'other' };

export interface Entry {
  line: LogLine;
  event: LogEvent;
}
