import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import type { LoadedConfig } from '@app/config';
import { createLogger, recordHttpRequestDurations, useServiceLogger } from '@app/observability';
import { ProjectorModule } from './app.module';
import { DEFAULT_TUNING, EngineTuning, ProjectionEngine } from './projection-engine';
import { KafkaBatchTransport } from './transport/kafka-batch.transport';

export interface ProjectorApp {
  app: NestFastifyApplication;
  engine: ProjectionEngine;
  /** `http://127.0.0.1:<port>` of /health, /projections and /metrics (port 0 picks a free one). */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds and starts the rankings-projector: a Nest hybrid application whose microservice
 * (the Kafka batch transport) runs the projectors, and whose HTTP side serves health and
 * metrics. main.ts calls it with the environment; tests call it in-process with their own
 * topic, alias, Redis prefix and PROJECTOR_PORT=0.
 */
export async function createProjectorApp(config: LoadedConfig, tuning: Partial<EngineTuning> = {}): Promise<ProjectorApp> {
  const logger = createLogger('rankings-projector', config.LOG_LEVEL);
  const module = ProjectorModule.forRoot(config, logger, { ...DEFAULT_TUNING, ...tuning });
  const adapter = new FastifyAdapter();
  recordHttpRequestDurations(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { bufferLogs: true });
  useServiceLogger(app);
  app.connectMicroservice({ strategy: app.get(KafkaBatchTransport) }, { inheritAppConfig: true });
  await app.listen(config.PROJECTOR_PORT, '0.0.0.0');
  await app.startAllMicroservices();
  const port = (app.getHttpServer().address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    app,
    engine: app.get(ProjectionEngine),
    url: `http://127.0.0.1:${port}`,
    close: () => (closing ??= app.close()),
  };
}
