import { loadConfigOrExit } from '@app/config';
import pino from 'pino';
import { stopWithParent } from '@app/ports';
import { startEmbeddedElasticsearch } from './server';

stopWithParent();

/** `npm run embedded:elasticsearch`: the stand-in as a process (EMBEDDED_ES_PORT, EMBEDDED_ES_DATA_DIR). */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'embedded-elasticsearch' } });
  const es = await startEmbeddedElasticsearch({ port: config.EMBEDDED_ES_PORT, dataDir: config.EMBEDDED_ES_DATA_DIR, logger });
  // The bound URL on stdout's first JSON line lets a parent process use port 0.
  logger.info({ url: es.url, port: es.port }, 'ready');
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    es.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`embedded elasticsearch failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
