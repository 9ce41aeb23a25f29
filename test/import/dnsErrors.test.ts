/**
 * `import dns` failures that need no DNS server of ours, run in-process: a bad domain or --server
 * argument, and a server on loopback that takes queries and never answers (a UDP socket of this
 * test). Each is one line on stderr and exit 2, never a stack trace.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run.js';

describe('import dns, when it cannot import', () => {
  let silent: Socket;
  let port: number;
  beforeAll(async () => {
    silent = createSocket('udp4');
    silent.on('message', () => {});
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    port = silent.address().port;
  });
  afterAll(() => silent.close());

  it('refuses a domain that is not a name, and a --server that is not HOST[:PORT]', async () => {
    expect(await cli('import', 'dns', 'exa mple.com')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^mxproof: `exa mple\.com` is not a valid domain name/) });
    expect(await cli('import', 'dns', 'example.com', '--server', '127.0.0.1:99999')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'mxproof: DNS lookup failed: --server 127.0.0.1:99999: port 99999 is out of range 1..65535\n',
    });
  });

  it('says the server did not answer in time', async () => {
    const r = await cli('import', 'dns', 'example.com', '--server', `127.0.0.1:${port}`, '--timeout', '0.3');
    expect(r).toEqual({ code: 2, stdout: '', stderr: `mxproof: DNS lookup failed: no answer for CNAME example.com from DNS server 127.0.0.1:${port} in time (timeout)\n` });
  });
});
