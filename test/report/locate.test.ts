/**
 * Pointers of results into the file: names as the model spells them (lower case, no trailing dot)
 * found under the file's own spelling; fields a preset filled found at their nearest written parent.
 */
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../models/topology/load.js';
import { locate } from '../../src/report/locate.js';

const TEXT = [
  'version: 1', //                                         1
  'dns:', //                                               2
  '  Example.COM.:', //                                    3
  '    mx: ["10 MX.Relay.test", "20 mail.example.com"]', // 4
  'hosts:', //                                             5
  '  MX.Relay.test:', //                                   6
  '    role: relay', //                                    7
  '    accepts: [example.com]', //                         8
  '    route: { bestMxElse: "mail.example.com:2525" }', // 9
  '  mail.example.com:', //                                10
  '    role: mailbox', //                                  11
  '    mailboxes: ["alice@example.com"]', //               12
  'network:', //                                           13
  '  faults: { MAIL.example.com: transient }', //          14
  'messages:', //                                          15
  '  - { from: "bob@sender.test", to: "alice@example.com" }', // 16
  '',
].join('\n');

const positions = (() => {
  const loaded = loadTopology(TEXT, 't.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.topology.positions;
})();

describe('locate', () => {
  it.each([
    ['/hosts/mx.relay.test/route', '/hosts/MX.Relay.test/route', 9, 12],
    ['/hosts/mx.relay.test/verify', '/hosts/MX.Relay.test', 6, 3],
    ['/hosts/mail.example.com/mailboxes/0', '/hosts/mail.example.com/mailboxes/0', 12, 17],
    ['/dns/example.com/mx/1', '/dns/Example.COM./mx/1', 4, 30],
    ['/network/faults/mail.example.com', '/network/faults/MAIL.example.com', 14, 31],
    ['/messages/0', '/messages/0', 16, 5],
    ['/hosts/not.a.host/route', '/hosts', 5, 1],
    ['/expect/eventual-delivery', '', 1, 1],
    ['', '', 1, 1],
  ])('%s is found at %s, line %i column %i', (pointer, found, line, col) => {
    expect(locate(positions, pointer)).toEqual({ pointer: found, line, col });
  });

  it('gives line 1 column 1 for an empty positions map (a generated topology)', () => {
    expect(locate({}, '/hosts/x/route')).toEqual({ pointer: '', line: 1, col: 1 });
  });
});
