/**
 * The key management command: `npm run keys -- <create|list|revoke> ...` in a checkout,
 * `node dist/src/http/auth/key-command.js <...>` in the container image.
 *
 *   create [--id ID] [--file F] [--out KEYFILE]   add a key; the key is printed once on stdout, or
 *                                                 written to KEYFILE with mode 0600 (--out)
 *   list   [--file F]                             ids and creation dates (never hashes)
 *   revoke ID [--file F]                          remove a key; a running service stops accepting
 *                                                 it within a second (it re-reads the file)
 *
 * F defaults to $API_KEYS_FILE (the REST API keys); pass ADMIN_KEYS_FILE's or METRICS_KEYS_FILE's
 * path with --file to manage those. Files are written with mode 0600.
 */
import fs from 'node:fs';
import { loadConfig } from '../../config/config';
import { createKey, KeyFileError, readKeyFile, revokeKey } from './api-keys';

const USAGE =
  'usage: keys create [--id ID] [--file F] [--out KEYFILE] | keys list [--file F] | keys revoke ID [--file F]';

interface Io {
  out(line: string): void;
  err(line: string): void;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new KeyFileError(`${name} needs a value`);
  args.splice(at, 2);
  return value;
}

export function runKeysCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): number {
  const args = [...argv];
  const command = args.shift();
  try {
    const file = option(args, '--file') ?? loadConfig(env).apiKeysFile;
    if (command === 'create') {
      const id = option(args, '--id');
      const out = option(args, '--out');
      if (args.length > 0) throw new KeyFileError(`unexpected argument ${args[0]}`);
      if (out && fs.existsSync(out)) throw new KeyFileError(`${out} exists; choose a new file for the key`);
      const created = createKey(file, id);
      if (out) {
        fs.writeFileSync(out, `${created.key}\n`, { mode: 0o600 });
        io.err(`created key ${created.id} in ${file}; the key is in ${out} (mode 0600)`);
      } else {
        io.err(`created key ${created.id} in ${file}; it is shown once, below, and only its hash is stored:`);
        io.out(created.key);
      }
      return 0;
    }
    if (command === 'list') {
      if (args.length > 0) throw new KeyFileError(`unexpected argument ${args[0]}`);
      for (const k of readKeyFile(file)) io.out(`${k.id}\t${k.createdAt}`);
      return 0;
    }
    if (command === 'revoke') {
      const id = args.shift();
      if (!id || args.length > 0) throw new KeyFileError(USAGE);
      if (!revokeKey(file, id)) {
        io.err(`no key ${id} in ${file}`);
        return 1;
      }
      io.err(`revoked key ${id} in ${file}`);
      return 0;
    }
    io.err(USAGE);
    return 2;
  } catch (error) {
    if (!(error instanceof KeyFileError)) throw error;
    io.err(`keys: ${error.message}`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = runKeysCommand(process.argv.slice(2), process.env, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
