/**
 * The benchmark's baseline: a bare express 5 app with the same JSON body parser, answering
 * POST /bench with a canned JSON body of BASELINE_BYTES bytes (the size of a real assessment
 * response). Started as its own child process by bench/run.ts on a loopback port.
 */
import express from 'express';

const bytes = Number(process.env.BASELINE_BYTES ?? 50_000);
/** `{"ok":true,"filler":""}` is 23 bytes; the filler brings the body to `bytes`. */
const body = JSON.stringify({ ok: true, filler: 'x'.repeat(Math.max(0, bytes - 23)) });

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.use(express.json({ limit: '2mb' }));
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
app.post('/bench', (_req, res) => {
  res.type('application/json').send(body);
});
const server = app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
server.keepAliveTimeout = 65_000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
