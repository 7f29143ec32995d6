// Tracing must be initialised before anything it instruments is loaded.
import '@app/observability';
import type { AddressInfo } from 'node:net';
import { loadConfigOrExit } from '@app/config';
import { prepareDatabase } from '@app/database';
import { createLogger, logServiceReady } from '@app/observability';
import { stopWithParent } from '@app/ports';
import { createMatchCommandApp } from './match-command.app';

stopWithParent();

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger('match-command', config.LOG_LEVEL);
  await prepareDatabase(config.DATABASE_URL, (message) => logger.info(message));
  const app = await createMatchCommandApp(config);
  // main.ts alone handles the signals: Nest's own shutdown hooks re-raise the signal once the
  // app is closed, which can kill the process before the last log line is written.
  const stop = (signal: NodeJS.Signals) => {
    // NestApplication.close passes the signal on to onApplicationShutdown (its interface type omits it).
    (app as unknown as { close(signal: string): Promise<void> })
      .close(signal)
      .catch((error: unknown) => logger.error({ err: error }, 'match-command did not shut down cleanly'))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (config.usingDevKey) {
    logger.warn('API_KEYS is not set: accepting the development key "dev-key" (write+admin). Set API_KEYS outside development.');
  }
  await app.listen(config.COMMAND_PORT, '0.0.0.0');
  logServiceReady(logger, 'match-command', (app.getHttpServer().address() as AddressInfo).port, '/docs');
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`match-command failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
