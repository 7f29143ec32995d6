// Tracing first: dd-trace must load before the modules it instruments.
import '@app/observability';
import { loadConfigOrExit } from '@app/config';
import { createLogger, logServiceReady } from '@app/observability';
import { stopWithParent } from '@app/ports';
import { createProjectorApp, ProjectorApp } from './app.factory';

stopWithParent();

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger('rankings-projector', config.LOG_LEVEL);
  const running: { service?: ProjectorApp } = {};
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'rankings-projector shutting down');
    const closing = running.service ? running.service.close() : Promise.resolve();
    closing
      .then(() => logger.info('rankings-projector stopped'))
      .catch((error: unknown) => logger.error({ err: error }, 'rankings-projector did not shut down cleanly'))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  running.service = await createProjectorApp(config);
  logServiceReady(logger, 'rankings-projector', Number(new URL(running.service.url).port));
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`rankings-projector failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
