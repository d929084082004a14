/**
 * Secrets: the generated key is shown once (stderr or a 0600 file, never stdout), key files with
 * loose permissions are refused, keys are created and revoked with the key command (a running
 * service stops accepting a revoked key), and /metrics can require a key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import {
  announceGeneratedKey,
  createKey,
  KeyFileError,
  KeyFileWatcher,
  readKeyFile,
  revokeKey,
} from '../../src/http/auth/api-keys';
import { createAuthenticator, createKeyFileAuthenticator } from '../../src/http/auth/bearer-auth';
import { runKeysCommand } from '../../src/http/auth/key-command';
import { createApp } from '../../src/http/app';
import { createTestApp } from '../support/test-app';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
const silent = pino({ level: 'silent' });
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const settings = (file: string) => ({
  apiKeysFile: file,
  apiAuthDisabled: false,
  jwtIssuer: null,
  jwtJwksUrl: null,
  jwtJwksFile: null,
  jwtAudience: null,
});

describe('the generated first key', () => {
  it('is shown once, on stderr, and only its hash is stored (mode 0600)', () => {
    const file = path.join(tmp(), 'api-keys.json');
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const messages: string[] = [];
    try {
      createAuthenticator(settings(file), silent, (m) => messages.push(m));
    } finally {
      stdout.mockRestore();
    }
    expect(stdout).not.toHaveBeenCalled();
    expect(messages).toHaveLength(1);
    const key = /cck_[A-Za-z0-9_-]+/.exec(messages[0] ?? '')?.[0] ?? '';
    expect(key).not.toBe('');
    expect(messages[0]?.split(key)).toHaveLength(2); // the key appears exactly once
    expect(fs.readFileSync(file, 'utf8')).not.toContain(key);
    expect(mode(file)).toBe(0o600);
  });

  it('goes to a 0600 file instead when API_KEY_OUTPUT_FILE is set, and the message does not carry it', () => {
    const dir = tmp();
    const out = path.join(dir, 'first-key.txt');
    const messages: string[] = [];
    announceGeneratedKey('cck_exampleexampleexample', path.join(dir, 'k.json'), out, (m) => messages.push(m));
    expect(fs.readFileSync(out, 'utf8').trim()).toBe('cck_exampleexampleexample');
    expect(mode(out)).toBe(0o600);
    expect(messages.join('')).not.toContain('cck_exampleexampleexample');
    expect(messages.join('')).toContain(out);
  });
});

describe('key file permissions', () => {
  it.each(['644', '604', '660', '666'])('refuses mode %s with a message that says how to fix it', (octal) => {
    const bad = parseInt(octal, 8);
    const file = path.join(tmp(), 'api-keys.json');
    createKey(file, 'k1');
    fs.chmodSync(file, bad);
    expect(() => readKeyFile(file)).toThrow(KeyFileError);
    expect(() => readKeyFile(file)).toThrow(/chmod 600/);
    expect(() => createAuthenticator(settings(file), silent)).toThrow(/must not be readable by others/);
  });

  it.each(['600', '400', '640', '440'])('accepts mode %s (owner, and group read for a Kubernetes fsGroup)', (octal) => {
    const good = parseInt(octal, 8);
    const file = path.join(tmp(), 'api-keys.json');
    createKey(file, 'k1');
    fs.chmodSync(file, good);
    expect(readKeyFile(file).map((k) => k.id)).toEqual(['k1']);
  });
});

describe('creating and revoking keys', () => {
  it('the key command creates (key shown once), lists (ids only) and revokes', () => {
    const file = path.join(tmp(), 'api-keys.json');
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(runKeysCommand(['create', '--id', 'mdt-office', '--file', file], {}, io)).toBe(0);
    const key = out[0] ?? '';
    expect(key).toMatch(/^cck_/);
    expect(mode(file)).toBe(0o600);
    out.length = 0;
    expect(runKeysCommand(['list', '--file', file], {}, io)).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^mdt-office\t\d{4}-/)]);
    expect(out.join('')).not.toMatch(/[0-9a-f]{64}/);
    expect(runKeysCommand(['revoke', 'mdt-office', '--file', file], {}, io)).toBe(0);
    expect(readKeyFile(file)).toEqual([]);
    expect(runKeysCommand(['revoke', 'mdt-office', '--file', file], {}, io)).toBe(1);
    expect(
      runKeysCommand(['create', '--id', 'x', '--file', file, '--out', path.join(path.dirname(file), 'x.key')], {}, io),
    ).toBe(0);
    expect(mode(path.join(path.dirname(file), 'x.key'))).toBe(0o600);
    expect(runKeysCommand(['rotate'], {}, io)).toBe(2);
  });

  it('a running service accepts a new key and refuses a revoked one within a second, without a restart', () => {
    const file = path.join(tmp(), 'api-keys.json');
    const a = createKey(file, 'a');
    let now = 0;
    const watcher = new KeyFileWatcher(
      file,
      () => undefined,
      () => now,
    );
    expect(watcher.verify(a.key)).toBe(true);
    const b = createKey(file, 'b');
    revokeKey(file, 'a');
    expect(watcher.verify(b.key)).toBe(false); // not re-read yet
    now = 1500;
    expect(watcher.verify(b.key)).toBe(true);
    expect(watcher.verify(a.key)).toBe(false);
  });

  it('keeps the last good keys and reports it when the file turns loose', () => {
    const file = path.join(tmp(), 'api-keys.json');
    const a = createKey(file, 'a');
    let now = 0;
    const errors: string[] = [];
    const watcher = new KeyFileWatcher(
      file,
      (m) => errors.push(m),
      () => now,
    );
    fs.chmodSync(file, 0o644);
    now = 2000;
    expect(watcher.verify(a.key)).toBe(true);
    expect(errors.join('')).toMatch(/chmod 600/);
  });
});

describe('/metrics behind a key', () => {
  it('answers 401 without the key and the metrics with it; open when not configured', async () => {
    const t = await createTestApp();
    await request(t.app).get('/metrics').expect(200);
    const file = path.join(tmp(), 'metrics-keys.json');
    const { key } = createKey(file, 'prometheus');
    const guarded = createApp(t.ctx, {
      authenticator: createAuthenticator(settings(path.join(tmp(), 'k.json')), silent, () => undefined),
      metricsAuthenticator: createKeyFileAuthenticator(file, silent),
    });
    const refused = await request(guarded).get('/metrics').expect(401);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    await request(guarded).get('/metrics').set('Authorization', `Bearer ${t.key}`).expect(401); // an API key is not a metrics key
    const ok = await request(guarded).get('/metrics').set('Authorization', `Bearer ${key}`).expect(200);
    expect(ok.text).toMatch(/http_requests_total/);
    await request(guarded).get('/healthz').expect(200);
  });
});
