import { loadConfigOrExit } from '@app/config';
import pino from 'pino';
import { stopWithParent } from '@app/ports';
import { startEmbeddedKafka } from './index';

stopWithParent();

/** `npm run embedded:kafka`: a broker for local development, configured from the environment. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = pino({ name: 'embedded-kafka', level: config.LOG_LEVEL });
  const kafka = await startEmbeddedKafka({
    port: config.EMBEDDED_KAFKA_PORT,
    host: '127.0.0.1',
    dataDir: config.EMBEDDED_KAFKA_DATA_DIR,
    logger,
  });
  logger.info({ brokers: kafka.brokers, port: kafka.port, dataDir: config.EMBEDDED_KAFKA_DATA_DIR ?? null }, 'embedded kafka listening');
  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    kafka.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`embedded kafka failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
