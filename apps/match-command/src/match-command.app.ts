import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { LoadedConfig } from '@app/config';
import { recordHttpRequestDurations } from '@app/observability';
import { createValidationPipe } from './http/validation';
import { MatchCommandModule } from './match-command.module';

/** CONTRACT §2: a body over 64 KiB is refused with 413 before it is parsed. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface MatchCommandAppOptions {
  /**
   * Serve the Swagger UI page at /docs (the spec is always at /docs-json). In-process
   * Jest tests turn it off: the UI's static-file plugin pulls in an ES module that
   * Jest's CommonJS runtime cannot load on Node 20. The e2e test checks the UI.
   */
  docsUi?: boolean;
}

/**
 * Builds the write API, initialised but not listening: `main.ts` listens on
 * COMMAND_PORT, tests on port 0 against their own database.
 */
export async function createMatchCommandApp(
  config: LoadedConfig,
  { docsUi = true }: MatchCommandAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
  // JSON only: without Fastify's text/plain parser, other media types answer 415.
  adapter.getInstance().removeContentTypeParser('text/plain');
  const app = await NestFactory.create<NestFastifyApplication>(MatchCommandModule.forRoot(config), adapter, {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  recordHttpRequestDurations(adapter.getInstance());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  setUpOpenApi(app, docsUi);
  await app.init();
  return app;
}

function setUpOpenApi(app: NestFastifyApplication, ui: boolean): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('match-command')
      .setDescription('Write API of the rankings platform (CONTRACT §2). Every write needs a Bearer API key with the write scope.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { ui });
}
