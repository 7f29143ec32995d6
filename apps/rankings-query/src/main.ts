// Tracing first: dd-trace must load before the modules it instruments.
import '@app/observability';
import { loadConfigOrExit } from '@app/config';
import { createLogger, logServiceReady } from '@app/observability';
import { stopWithParent } from '@app/ports';
import { createQueryApp, QueryApp } from './app.factory';

stopWithParent();

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger('rankings-query', config.LOG_LEVEL);
  // Filled once started; a signal during start-up (e.g. while Kafka is unreachable) just exits.
  const running: { service?: QueryApp } = {};
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'rankings-query shutting down');
    const closing = running.service ? running.service.close() : Promise.resolve();
    closing
      .then(() => logger.info('rankings-query stopped'))
      .catch((error: unknown) => logger.error({ err: error }, 'rankings-query did not shut down cleanly'))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  running.service = await createQueryApp(config);
  logServiceReady(logger, 'rankings-query', Number(new URL(running.service.url).port), '/docs');
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`rankings-query failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
