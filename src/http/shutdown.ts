/**
 * Graceful shutdown of the HTTP server on SIGTERM:
 *
 * 1. readiness turns false and every response carries `Connection: close` (app.ts), so a client
 *    on a keep-alive socket is told to open a new connection (to another replica) after its answer;
 * 2. the listener stays open for `drainMs` so a load balancer notices and requests already on the
 *    wire are still parsed and answered;
 * 3. then the listener closes. Idle keep-alive sockets are not destroyed at once (Node's default):
 *    a socket that looks idle may carry a request the process has not read yet, and destroying it
 *    resets that request. They get `lingerMs` to deliver one, which is answered with
 *    `Connection: close`; sockets still idle after that are closed;
 * 4. resolves when every connection has ended; the caller bounds the whole with a timeout.
 */
import type { Server } from 'node:http';

export interface ShutdownTimings {
  drainMs: number;
  lingerMs: number;
}

export function closeGracefully(server: Server, timings: ShutdownTimings): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(() => {
      const closeIdle = server.closeIdleConnections.bind(server);
      // http.Server#close closes idle connections first; postpone that by lingerMs.
      server.closeIdleConnections = () => undefined;
      const linger = setInterval(closeIdle, timings.lingerMs);
      server.close(() => {
        clearInterval(linger);
        resolve();
      });
    }, timings.drainMs);
  });
}
