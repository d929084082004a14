/** `npm run keys -- <create|list|revoke> ...`: see src/http/auth/key-command.ts. */
import { runKeysCommand } from '../src/http/auth/key-command';

process.exitCode = runKeysCommand(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
