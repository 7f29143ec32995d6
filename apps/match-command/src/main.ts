// Tracing must be initialised before anything it instruments is loaded.
import '@app/observability';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@app/config';
import { prepareDatabase } from '@app/database';
import { createMatchCommandApp } from './match-command.app';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  await prepareDatabase(config.DATABASE_URL);
  const app = await createMatchCommandApp(config);
  const logger = new Logger('match-command');
  if (config.usingDevKey) {
    logger.warn('API_KEYS is not set: accepting the development key "dev-key" (write+admin). Set API_KEYS outside development.');
  }
  await app.listen(config.COMMAND_PORT, '0.0.0.0');
  logger.log(`match-command listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`match-command failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
