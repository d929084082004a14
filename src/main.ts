/**
 * Start the service: configuration → knowledge pack and model (an invalid one stops start-up
 * with every violation listed) → HTTP. SIGTERM: readiness false, responses say
 * `Connection: close`, requests in flight complete, idle keep-alive sockets are closed without
 * resetting a request (http/shutdown.ts), exit 0 within SHUTDOWN_TIMEOUT_MS. SIGHUP: reload pack and model (the old keeps serving if the
 * new one is invalid). WORKERS > 1 runs a node cluster for bare-metal hosts.
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { loadConfig, ROOT_DIR, type Config } from './config/config';
import { checkCdsStartup } from './adapters/cds-hooks/router';
import { loadCdsSettings } from './adapters/cds-hooks/cds-settings';
import { createApp } from './http/app';
import type { AppContext } from './http/app-context';
import { announceGeneratedKey, generateKeyFile, KeyFileError } from './http/auth/api-keys';
import { createAuthenticator, createKeyFileAuthenticator, type Authenticator } from './http/auth/bearer-auth';
import { installClientErrorHandler } from './http/edge-errors';
import { closeGracefully } from './http/shutdown';
import { createMetrics } from './observability/metrics';
import { createLogger } from './observability/logger';
import { loadSnapshot, RuntimeHolder, type RuntimeSources } from './runtime/runtime-holder';
import type { RuntimeSnapshot } from './pipeline/core/runtime-snapshot';
import { PackValidationError } from './knowledge/load-pack';

function serviceVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The runtime paths and threads, as both the first load and every reload use them. */
function runtimeSources(config: Config): RuntimeSources {
  return { packPath: config.packPath, modelPath: config.modelPath, modelIntraOpThreads: config.modelIntraOpThreads };
}

/** The first pack and model; an invalid one stops start-up with every violation listed. */
async function loadInitialSnapshot(config: Config, logger: Logger): Promise<RuntimeSnapshot> {
  try {
    return await loadSnapshot(runtimeSources(config), 1);
  } catch (error) {
    if (error instanceof PackValidationError) {
      logger.fatal({ violations: error.violations }, `knowledge pack ${config.packPath} is invalid: start-up stopped`);
      process.stderr.write(`${error.message}\n`);
    } else {
      logger.fatal({ err: { message: (error as Error).message } }, 'start-up failed');
      process.stderr.write(`${(error as Error).message}\n`);
    }
    process.exit(1);
  }
}

interface Authenticators {
  authenticator: Authenticator;
  adminAuthenticator?: Authenticator;
  metricsAuthenticator?: Authenticator;
}

/** The API, admin and metrics authenticators; an unreadable key file stops start-up. */
function createAuthenticators(config: Config, logger: Logger): Authenticators {
  try {
    const authenticator = createAuthenticator(config, logger);
    const adminAuthenticator = config.adminKeysFile
      ? createKeyFileAuthenticator(config.adminKeysFile, logger)
      : undefined;
    const metricsAuthenticator = config.metricsKeysFile
      ? createKeyFileAuthenticator(config.metricsKeysFile, logger)
      : undefined;
    return {
      authenticator,
      ...(adminAuthenticator ? { adminAuthenticator } : {}),
      ...(metricsAuthenticator ? { metricsAuthenticator } : {}),
    };
  } catch (error) {
    if (!(error instanceof KeyFileError)) throw error;
    logger.fatal({ event: 'auth.key-file' }, `start-up stopped: ${error.message}`);
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** Starts listening and logs the pack and model served once the port is open. */
function listen(app: Express, config: Config, holder: RuntimeHolder, logger: Logger): Server {
  const server: Server = app.listen(config.port, config.host, () => {
    const s = holder.snapshot();
    logger.info(
      {
        port: config.port,
        host: config.host,
        pack: `${s.pack.manifest.id}@${s.pack.manifest.version}`,
        model: s.model ? `${s.model.id}@${s.model.version}` : null,
      },
      'listening',
    );
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

/**
 * SIGTERM / SIGINT: readiness false (`stopAccepting`), a drain period, then requests in flight
 * finish and the process exits 0, or 1 after SHUTDOWN_TIMEOUT_MS. Only the first signal counts.
 */
function handleShutdownSignals(
  server: Server,
  config: Config,
  holder: RuntimeHolder,
  logger: Logger,
  stopAccepting: () => void,
): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    stopAccepting();
    logger.info(
      { signal, timeoutMs: config.shutdownTimeoutMs },
      'shutting down: readiness false, finishing requests in flight',
    );
    const timer = setTimeout(() => {
      logger.error('shutdown timeout: exiting with requests still open');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    // Readiness is false now; keep accepting for a short drain period so a load balancer stops
    // routing here and requests already on the wire are parsed, then stop accepting and finish.
    const drainMs = Math.min(config.shutdownDrainMs, config.shutdownTimeoutMs / 2);
    void closeGracefully(server, {
      drainMs,
      lingerMs: Math.max(100, Math.min(1000, (config.shutdownTimeoutMs - drainMs) / 4)),
    }).then(() => {
      void holder
        .snapshot()
        .model?.dispose()
        .catch(() => undefined);
      logger.info('shutdown complete');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function startWorker(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const initial = await loadInitialSnapshot(config, logger);
  const holder = new RuntimeHolder(initial, runtimeSources(config), logger);
  let accepting = true;
  const ctx: AppContext = {
    config,
    logger,
    metrics: createMetrics(),
    serviceVersion: serviceVersion(),
    snapshot: () => holder.snapshot(),
    isAcceptingTraffic: () => accepting,
  };
  const authenticators = createAuthenticators(config, logger);
  if (config.cdsAuthDisabled) logger.warn('CDS_AUTH_DISABLED=true: CDS Hooks JWTs are NOT verified. Development only.');
  const app = createApp(ctx, { ...authenticators, reload: () => holder.reload() });
  const server = listen(app, config, holder, logger);
  installClientErrorHandler(server, ctx.metrics);

  process.on('SIGHUP', () => {
    holder.reload().catch(() => undefined);
  });
  handleShutdownSignals(server, config, holder, logger, () => {
    accepting = false;
  });
}

function main(): void {
  const config = loadConfig();
  try {
    // CDS Hooks configuration is refused before anything starts (e.g. trusted issuers without PUBLIC_BASE_URL).
    checkCdsStartup(config);
    loadCdsSettings();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  if (config.workers > 1 && cluster.isPrimary) {
    // Generate the first API key once, here, so the workers do not race to create it.
    if (!config.apiAuthDisabled && !fs.existsSync(config.apiKeysFile)) {
      announceGeneratedKey(generateKeyFile(config.apiKeysFile), config.apiKeysFile, config.apiKeyOutputFile);
    }
    for (let i = 0; i < config.workers; i++) cluster.fork();
    const stop = (signal: NodeJS.Signals) => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGHUP', () => stop('SIGHUP'));
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
    return;
  }
  void startWorker();
}

main();
