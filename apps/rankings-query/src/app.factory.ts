import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { LoadedConfig } from '@app/config';
import { createLogger, recordHttpRequestDurations, useServiceLogger } from '@app/observability';
import { AppModule } from './app.module';
import type { MonitorTuning } from './freshness/projection-monitors';
import { setUpReadApiDocs } from './openapi/read-api-docs';
import { ReadErrorsFilter } from './read-api/store-errors.filter';
import { ReadLaneEntry } from './read-lane/read-lane';

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
export interface QueryAppOptions {
  /**
   * Serve the Swagger UI at /docs (the spec is always at /docs-json). In-process Jest tests
   * turn it off: the UI's static-file plugin pulls in an ES module Jest's CommonJS runtime
   * cannot load on Node 20. The rankings page e2e test checks the UI.
   */
  docsUi?: boolean;
}

export async function createQueryApp(
  config: LoadedConfig,
  tuning: Partial<MonitorTuning> = {},
  { docsUi = true }: QueryAppOptions = {},
): Promise<QueryApp> {
  const logger = createLogger('rankings-query', config.LOG_LEVEL);
  const adapter = new FastifyAdapter();
  recordHttpRequestDurations(adapter.getInstance());
  // Before Nest adds its middleware hook: the lane's answers skip it (see ReadLane).
  const lane = new ReadLaneEntry();
  lane.install(adapter.getInstance());
  const module = AppModule.forRoot(config, logger, { monitorIntervalMs: 1000, ...tuning }, lane);
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true });
  useServiceLogger(app);
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true }));
  app.useGlobalFilters(new ReadErrorsFilter(logger));
  setUpReadApiDocs(app, docsUi);
  // A broadcast opens many connections at once: a deeper accept queue than Node's 511 keeps
  // a burst from being reset before the server has even seen it.
  await app.listen({ port: config.QUERY_PORT, host: '0.0.0.0', backlog: 4096 });
  const port = (app.getHttpServer().address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return { app, url: `http://127.0.0.1:${port}`, close: () => (closing ??= app.close()) };
}
