/**
 * API keys, kept only as SHA-256 hashes in the file named by API_KEYS_FILE (also used for
 * ADMIN_KEYS_FILE and METRICS_KEYS_FILE). When no key file exists, the first start generates a
 * key, shows it once and stores its hash, so the README's single command works and the API is
 * still not open. `npm run keys` creates, lists and revokes keys.
 *
 * A key file that others can read or that anyone but its owner can write is refused: the hashes
 * are not secrets that open the API, but whoever can write the file can add a key.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface ApiKeyRecord {
  id: string;
  sha256: string;
  createdAt: string;
}

export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

export function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Mode bits a key file must not have: group write, and any access by others. */
const LOOSE_BITS = 0o027;

/** Refuse a key file that is group-writable or accessible to others (POSIX only). */
export function assertPrivateFile(file: string): void {
  if (process.platform === 'win32') return;
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & LOOSE_BITS) !== 0) {
    throw new KeyFileError(
      `Key file ${file} has mode ${mode.toString(8).padStart(4, '0')}: it must not be readable by others nor writable by anyone but its owner. Run: chmod 600 ${file}`,
    );
  }
}

export function readKeyFile(file: string): ApiKeyRecord[] {
  assertPrivateFile(file);
  let parsed: { keys?: ApiKeyRecord[] };
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys?: ApiKeyRecord[] };
  } catch (error) {
    throw new KeyFileError(`Key file ${file} is not JSON: ${(error as Error).message}`);
  }
  if (
    !Array.isArray(parsed.keys) ||
    parsed.keys.some((k) => typeof k.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(k.sha256))
  ) {
    throw new KeyFileError(
      `Key file ${file} must be {"keys": [{"id", "sha256", "createdAt"}]} with hex SHA-256 hashes`,
    );
  }
  return parsed.keys;
}

/** Write the key file atomically with mode 0600. */
function writeKeyFile(file: string, keys: readonly ApiKeyRecord[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ keys }, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

function newKey(): string {
  return `cck_${crypto.randomBytes(24).toString('base64url')}`;
}

/** Add a key to the file (created if missing); returns its id and the key, which is shown once and never stored. */
export function createKey(file: string, id?: string, now: Date = new Date()): { id: string; key: string } {
  const keys = fs.existsSync(file) ? readKeyFile(file) : [];
  const keyId = id ?? `key-${now.toISOString().slice(0, 10)}-${crypto.randomBytes(3).toString('hex')}`;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(keyId))
    throw new KeyFileError(`Key id "${keyId}" must be 1–64 letters, digits, '.', '_' or '-'`);
  if (keys.some((k) => k.id === keyId)) throw new KeyFileError(`Key id "${keyId}" already exists in ${file}`);
  const key = newKey();
  writeKeyFile(file, [...keys, { id: keyId, sha256: hashKey(key), createdAt: now.toISOString() }]);
  return { id: keyId, key };
}

/** Remove a key by id; false when there is no such key. */
export function revokeKey(file: string, id: string): boolean {
  const keys = readKeyFile(file);
  const kept = keys.filter((k) => k.id !== id);
  if (kept.length === keys.length) return false;
  writeKeyFile(file, kept);
  return true;
}

/** Generate the first key of a new file; returns the key to show once. */
export function generateKeyFile(file: string): string {
  return createKey(file, 'generated-1').key;
}

/**
 * Hand the generated first key to the operator exactly once: written to `outputFile` (mode 0600)
 * when one is configured, otherwise on stderr (never stdout, which container platforms keep as
 * the service log).
 */
export function announceGeneratedKey(
  key: string,
  keyFile: string,
  outputFile: string | null,
  stderr: (text: string) => void = (t) => process.stderr.write(t),
): void {
  if (outputFile) {
    fs.mkdirSync(path.dirname(outputFile), { recursive: true });
    fs.writeFileSync(outputFile, `${key}\n`, { mode: 0o600 });
    fs.chmodSync(outputFile, 0o600);
    stderr(
      `No API key file found: generated an API key, written to ${outputFile} (mode 0600); only its hash is stored in ${keyFile}.\n`,
    );
    return;
  }
  stderr(
    `\nNo API key file found: generated an API key (shown once, here; only its hash is stored in ${keyFile}):\n\n    Authorization: Bearer ${key}\n\n`,
  );
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

/**
 * The keys of a file, re-read when the file changes (checked at most once a second), so a key
 * created or revoked with `npm run keys` takes effect without a restart. A file that becomes
 * unreadable or loose keeps the last good keys and reports the error once.
 */
export class KeyFileWatcher {
  private store: ApiKeyStore;
  private stamp: string;
  private checkedAt = 0;
  constructor(
    private readonly file: string,
    private readonly onError: (message: string) => void,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.store = new ApiKeyStore(readKeyFile(file));
    this.stamp = this.fileStamp();
  }

  verify(key: string): boolean {
    this.refresh();
    return this.store.verify(key);
  }

  private fileStamp(): string {
    try {
      const s = fs.statSync(this.file);
      return `${s.mtimeMs}:${s.size}:${s.ino}:${s.mode}`;
    } catch {
      return 'missing';
    }
  }

  private refresh(): void {
    const t = this.now();
    if (t - this.checkedAt < 1000) return;
    this.checkedAt = t;
    const stamp = this.fileStamp();
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    try {
      this.store = new ApiKeyStore(readKeyFile(this.file));
    } catch (error) {
      this.onError(`${(error as Error).message}; the previous keys stay in use`);
    }
  }
}
