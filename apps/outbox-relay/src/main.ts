// Tracing first: dd-trace must load before pg, kafkajs, ioredis and http to instrument them.
import '@app/observability';
import { loadConfigOrExit } from '@app/config';
import { prepareDatabase } from '@app/database';
import { createLogger, logServiceReady } from '@app/observability';
import { stopWithParent } from '@app/ports';
import { startRelay } from './relay.factory';

stopWithParent();

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger('outbox-relay', config.LOG_LEVEL);
  await prepareDatabase(config.DATABASE_URL, (message) => logger.info(message));
  const relay = await startRelay(config, { logger });
  logServiceReady(logger, 'outbox-relay', relay.port);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'outbox relay shutting down');
      relay.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'outbox relay did not shut down cleanly');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`outbox relay failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
