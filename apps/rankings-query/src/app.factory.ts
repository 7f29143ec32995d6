import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { LoadedConfig } from '@app/config';
import { createLogger, useServiceLogger } from '@app/observability';
import { AppModule } from './app.module';
import type { MonitorTuning } from './freshness/projection-monitors';
import { ReadErrorsFilter } from './read-api/store-errors.filter';

export interface QueryApp {
  app: NestFastifyApplication;
  /** `http://127.0.0.1:<port>` the app listens on (port 0 picks a free one). */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds and starts the rankings-query service: the HTTP read API only (the projectors
 * run in rankings-projector). main.ts calls it with the environment; tests call it
 * in-process with their own topic, alias, Redis prefix and QUERY_PORT=0.
 */
export async function createQueryApp(config: LoadedConfig, tuning: Partial<MonitorTuning> = {}): Promise<QueryApp> {
  const logger = createLogger('rankings-query', config.LOG_LEVEL);
  const module = AppModule.forRoot(config, logger, { monitorIntervalMs: 1000, ...tuning });
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { bufferLogs: true });
  useServiceLogger(app);
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true }));
  app.useGlobalFilters(new ReadErrorsFilter(logger));
  app.enableShutdownHooks();
  await app.listen(config.QUERY_PORT, '0.0.0.0');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return { app, url: `http://127.0.0.1:${port}`, close: () => (closing ??= app.close()) };
}
