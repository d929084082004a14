/**
 * API keys, kept only as SHA-256 hashes in the file named by API_KEYS_FILE. When no key file
 * exists, the first start generates a key, prints it once and stores its hash, so the README's
 * single command works and the API is still not open.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface ApiKeyRecord {
  id: string;
  sha256: string;
  createdAt: string;
}

export function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

export function readKeyFile(file: string): ApiKeyRecord[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys?: ApiKeyRecord[] };
  if (!Array.isArray(parsed.keys) || parsed.keys.some((k) => typeof k.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(k.sha256))) {
    throw new Error(`API key file ${file} must be {"keys": [{"id", "sha256", "createdAt"}]} with hex SHA-256 hashes`);
  }
  return parsed.keys;
}

/** Generate a key, store only its hash, and return the key to print once. */
export function generateKeyFile(file: string): string {
  const key = `cck_${crypto.randomBytes(24).toString('base64url')}`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const record: ApiKeyRecord = { id: 'generated-1', sha256: hashKey(key), createdAt: new Date().toISOString() };
  fs.writeFileSync(file, JSON.stringify({ keys: [record] }, null, 2) + '\n', { mode: 0o600 });
  return key;
}

export class ApiKeyStore {
  private readonly hashes: Buffer[];
  constructor(records: readonly ApiKeyRecord[]) {
    this.hashes = records.map((r) => Buffer.from(r.sha256, 'hex'));
  }
  /** Constant-time comparison against every stored hash. */
  verify(key: string): boolean {
    const candidate = Buffer.from(hashKey(key), 'hex');
    let match = false;
    for (const h of this.hashes) if (crypto.timingSafeEqual(h, candidate)) match = true;
    return match;
  }
}
