/**
 * SIGTERM with keep-alive clients: answers during the drain say `Connection: close`, the listener
 * then closes, idle keep-alive sockets are closed, and a request already sent on a reused
 * keep-alive socket (but not yet read by the process) is answered, not reset.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../../src/http/app';
import { createAuthenticator } from '../../src/http/auth/bearer-auth';
import { closeGracefully } from '../../src/http/shutdown';
import { createTestApp } from '../support/test-app';

async function startServer(): Promise<{ server: http.Server; port: number; stopAccepting(): void }> {
  const t = await createTestApp();
  let accepting = true;
  const ctx = { ...t.ctx, isAcceptingTraffic: () => accepting };
  const authenticator = createAuthenticator(
    {
      apiKeysFile: '/nonexistent',
      apiAuthDisabled: true,
      jwtIssuer: null,
      jwtJwksUrl: null,
      jwtJwksFile: null,
      jwtAudience: null,
    },
    pino({ level: 'silent' }),
  );
  const server = http.createServer(createApp(ctx, { authenticator }));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, stopAccepting: () => (accepting = false) };
}

const REQUEST = 'GET /v1/pack HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n';

/** A keep-alive socket that has had one answer; then the second request is written and the server closed in the same tick. */
async function secondRequestAtClose(
  port: number,
  close: () => void,
): Promise<{ answer: string; error: string | null }> {
  const socket = net.connect(port, '127.0.0.1');
  let data = '';
  let error: string | null = null;
  socket.on('data', (d) => (data += d.toString()));
  socket.on('error', (e: Error & { code?: string }) => (error = e.code ?? e.message));
  await new Promise((r) => socket.once('connect', r));
  socket.write(REQUEST);
  while (!/\r\n\r\n[\s\S]*\}$/.test(data)) await new Promise((r) => setTimeout(r, 5));
  data = '';
  socket.write(REQUEST); // reaches the server's socket buffer; the process has not read it yet
  close();
  await new Promise((r) => socket.once('close', r));
  return { answer: data, error };
}

describe('graceful shutdown with keep-alive clients', () => {
  it('a request already sent on a reused keep-alive socket is answered with Connection: close, not reset', async () => {
    const { server, port, stopAccepting } = await startServer();
    const { answer, error } = await secondRequestAtClose(port, () => {
      stopAccepting();
      void closeGracefully(server, { drainMs: 0, lingerMs: 200 });
    });
    expect(error).toBeNull();
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/connection: close/i);
  });

  it("Node's plain server.close() resets that request (what closeGracefully avoids)", async () => {
    const { server, port, stopAccepting } = await startServer();
    const { answer, error } = await secondRequestAtClose(port, () => {
      stopAccepting();
      server.close();
    });
    expect(answer).toBe('');
    expect(error).toBe('ECONNRESET');
  });

  it('busy clients are told Connection: close and leave without a reset; idle sockets are closed', async () => {
    const { server, port, stopAccepting } = await startServer();
    const tally = { ok: 0, toldToClose: 0, resets: [] as string[] };
    const idleAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const busyAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    // Resolves false once the client was told to close (a load balancer sends its next request elsewhere).
    const call = (agent: http.Agent) =>
      new Promise<boolean>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/v1/pack', agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) tally.ok++;
            const close = res.headers.connection === 'close';
            if (close) tally.toldToClose++;
            resolve(!close);
          });
        });
        req.on('error', (e: Error & { code?: string }) => {
          tally.resets.push(`${e.code ?? e.message}${req.reusedSocket ? ' (reused socket)' : ''}`);
          resolve(false);
        });
      });
    await Promise.all(Array.from({ length: 4 }, () => call(idleAgent)));
    await new Promise((r) => setTimeout(r, 20)); // sockets back in the agent's free list
    let idleClosed = 0;
    for (const sockets of Object.values(idleAgent.freeSockets))
      for (const s of sockets ?? []) s.on('close', () => idleClosed++);
    const busy = Array.from({ length: 8 }, async () => {
      while (await call(busyAgent));
    });
    await new Promise((r) => setTimeout(r, 200));
    stopAccepting();
    const t0 = Date.now();
    await closeGracefully(server, { drainMs: 300, lingerMs: 200 });
    await Promise.all(busy);
    await new Promise((r) => setTimeout(r, 50)); // the clients see the server's FIN
    expect(tally.resets).toEqual([]);
    expect(tally.toldToClose).toBe(8);
    expect(tally.ok).toBeGreaterThan(8);
    expect(idleClosed).toBe(4);
    expect(Date.now() - t0).toBeLessThan(3000);
    idleAgent.destroy();
    busyAgent.destroy();
  });
});
