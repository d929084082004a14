/** Errors at the edge: what Node's parser refuses is answered as problem+json, and counted. */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { installClientErrorHandler } from '../../src/http/edge-errors';
import { createTestApp, type TestApp } from '../support/test-app';

function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('client errors before routing', () => {
  let t: TestApp;
  let server: http.Server;
  let port: number;

  const start = (withHandler: boolean) => {
    server = http.createServer(t.app);
    if (withHandler) installClientErrorHandler(server, t.ctx.metrics);
    return new Promise<void>((r) =>
      server.listen(0, '127.0.0.1', () => ((port = (server.address() as AddressInfo).port), r())),
    );
  };
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterEach(() => new Promise((r) => server.close(r)));

  it('headers over 16 KB: 431 with a problem+json body, counted in /metrics', async () => {
    await start(true);
    const answer = await raw(port, `GET /v1/pack HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(head).toMatch(/connection: close/i);
    expect(JSON.parse(body ?? '')).toMatchObject({ status: 431, type: expect.stringMatching(/headers-too-large$/) });
    expect(await t.ctx.metrics.registry.getSingleMetricAsString('http_client_errors_total')).toMatch(
      /code="HPE_HEADER_OVERFLOW"\} 1/,
    );
  });

  it('a malformed request line: 400 problem+json', async () => {
    await start(true);
    const answer = await raw(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toMatchObject({
      status: 400,
      type: expect.stringMatching(/malformed-request$/),
    });
  });

  it('without the handler Node answers 431 with an empty body (what the handler replaces)', async () => {
    await start(false);
    const answer = await raw(port, `GET /v1/pack HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer.split('\r\n\r\n')[1]).toBe('');
  });
});
