// Behind a load balancer on another machine, every connection comes from the balancer. With
// TRUST_PROXY naming it, Parley counts each connection and request under the client address the
// balancer forwards (X-Forwarded-For), so that a hall is not limited as if it were one network;
// the header of anybody else is ignored, so that nobody escapes the limits by sending it.
import { request as httpRequest } from 'node:http';
import { io as connect } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readConfig, ConfigError } from '../../server/config.js';
import { CONNECTIONS_PER_ADDRESS } from '../../server/socket/limits.js';
import { connected, newParley, type TestServer, type TestSocket } from '../helpers/server.js';

const BALANCER = '127.0.0.2';
const STRANGER = '127.0.0.3';

/** A WebSocket connection from `localAddress` that says it forwards `forwardedFor`. */
function socketVia(server: TestServer, localAddress: string, forwardedFor: string): TestSocket {
  const socket: TestSocket = connect(server.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    localAddress,
    extraHeaders: { 'x-forwarded-for': forwardedFor },
  } as Parameters<typeof connect>[1]);
  onTestFinished(() => {
    socket.close();
  });
  return socket;
}

/** Whether the connection is accepted (true) or refused (false). */
function accepted(socket: TestSocket): Promise<boolean> {
  return connected(socket).then(
    () => true,
    () => false,
  );
}

/** GET /metrics with a wrong key from `localAddress`, forwarding `forwardedFor`: the status. */
function wrongKeyVia(server: TestServer, localAddress: string, forwardedFor: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}/metrics`,
      { localAddress, headers: { authorization: 'Bearer not-the-key', 'x-forwarded-for': forwardedFor } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function statuses(count: number, send: () => Promise<number>): Promise<number[]> {
  const all: number[] = [];
  for (let i = 0; i < count; i++) all.push(await send());
  return all;
}

describe('TRUST_PROXY', () => {
  it('counts connections through a trusted balancer per forwarded client, and ignores the header from anybody else', async () => {
    const server = await newParley({ env: { TRUST_PROXY: BALANCER } });
    // A whole room's worth from one client address through the balancer, then one too many.
    const room = Array.from({ length: CONNECTIONS_PER_ADDRESS }, () => socketVia(server, BALANCER, '203.0.113.7'));
    expect((await Promise.all(room.map(accepted))).every(Boolean)).toBe(true);
    expect(await accepted(socketVia(server, BALANCER, '203.0.113.7'))).toBe(false);
    // Another client through the same balancer is not held back by the first.
    expect(await accepted(socketVia(server, BALANCER, '203.0.113.8'))).toBe(true);

    // Wrong keys: the forwarded client is locked out after ten, the next client is not.
    expect(await statuses(11, () => wrongKeyVia(server, BALANCER, '203.0.113.20'))).toEqual([...Array(10).fill(401), 429]);
    expect(await wrongKeyVia(server, BALANCER, '203.0.113.21')).toBe(401);
    // Somebody who is not the balancer cannot pick the address they are counted under.
    const forged = await statuses(11, () => wrongKeyVia(server, STRANGER, `198.51.100.${Math.floor(Math.random() * 250)}`));
    expect(forged.at(-1)).toBe(429);
  });

  it('without it, the balancer is one address and the header changes nothing', async () => {
    const server = await newParley();
    expect(await statuses(11, () => wrongKeyVia(server, BALANCER, '203.0.113.30'))).toEqual([...Array(10).fill(401), 429]);
    expect(await wrongKeyVia(server, BALANCER, '203.0.113.31')).toBe(429);
  });

  it('refuses a setting that is not a list of addresses', () => {
    expect(readConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => readConfig({ TRUST_PROXY: 'the balancer' })).toThrow(ConfigError);
    expect(() => readConfig({ TRUST_PROXY: 'the balancer' })).toThrow(/TRUST_PROXY: must be a comma-separated list/);
  });
});
