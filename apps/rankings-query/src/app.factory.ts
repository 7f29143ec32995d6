import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { LoadedConfig } from '@app/config';
import { createLogger, recordHttpRequestDurations } from '@app/observability';
import { AppModule } from './app.module';
import { setUpReadApiDocs } from './openapi/read-api-docs';
import { DEFAULT_TUNING, QueryRuntime, RuntimeTuning } from './query-runtime';
import { ReadErrorsFilter } from './read-api/store-errors.filter';

export interface QueryApp {
  app: NestFastifyApplication;
  runtime: QueryRuntime;
  /** `http://127.0.0.1:<port>` the app listens on (port 0 picks a free one). */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds and starts the rankings-query service: HTTP read API plus both projectors.
 * main.ts calls it with the environment; tests call it in-process with their own topic,
 * alias, Redis prefix and QUERY_PORT=0.
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
  tuning: Partial<RuntimeTuning> = {},
  { docsUi = true }: QueryAppOptions = {},
): Promise<QueryApp> {
  const logger = createLogger('rankings-query', config.LOG_LEVEL);
  const runtime = new QueryRuntime(config, logger, { ...DEFAULT_TUNING, ...tuning });
  const adapter = new FastifyAdapter();
  recordHttpRequestDurations(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRuntime(runtime, logger), adapter, { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true }));
  app.useGlobalFilters(new ReadErrorsFilter(logger));
  setUpReadApiDocs(app, docsUi);
  // Listen first: reads come from Elasticsearch and Redis and must not wait for Kafka.
  await app.listen(config.QUERY_PORT, '0.0.0.0');
  await runtime.start();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.QUERY_PORT;
  let closed = false;
  return {
    app,
    runtime,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      if (closed) return;
      closed = true;
      await runtime.stop();
      await app.close();
    },
  };
}
