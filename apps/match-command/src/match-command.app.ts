import { BadRequestException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifySchema, FastifyServerOptions } from 'fastify';
import type { SchemaObject } from 'ajv';
import type { LoadedConfig } from '@app/config';
import { createLogger, recordHttpRequestDurations, StartupQuietLogger } from '@app/observability';
import { ajv, messagesOf } from './http/body-schema';
import { answerClientError, createLimitedServer } from './http/http-server';
import { parseJsonBody } from './http/json-body';
import { createRequestGuard } from './http/request-guard';
import { MatchCommandModule } from './match-command.module';
import { NestPinoLogger } from './observability/nest-pino-logger';

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
  const adapter = new FastifyAdapter(fastifyOptions(config));
  configureFastify(adapter.getInstance(), config);
  recordHttpRequestDurations(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(MatchCommandModule.forRoot(config), adapter, {
    bodyParser: false,
    // Nest's start-up chatter (module and route tables) at debug: the ready line says what matters.
    logger: new StartupQuietLogger(new NestPinoLogger(createLogger('match-command', config.LOG_LEVEL))),
  });
  setUpOpenApi(app, docsUi);
  await app.init();
  return app;
}

function fastifyOptions(config: LoadedConfig): FastifyServerOptions {
  return {
    bodyLimit: BODY_LIMIT_BYTES,
    keepAliveTimeout: config.COMMAND_KEEP_ALIVE_TIMEOUT_MS,
    serverFactory: (handler) => {
      const server = createLimitedServer(
        {
          headersTimeoutMs: config.COMMAND_HEADERS_TIMEOUT_MS,
          requestTimeoutMs: config.COMMAND_REQUEST_TIMEOUT_MS,
          maxConnectionsPerAddress: config.COMMAND_MAX_CONNECTIONS_PER_ADDRESS,
        },
        handler,
      );
      server.keepAliveTimeout = config.COMMAND_KEEP_ALIVE_TIMEOUT_MS;
      return server;
    },
    clientErrorHandler: answerClientError,
    // A path that is not valid percent-encoded UTF-8 (e.g. an encoded lone surrogate).
    frameworkErrors: (error, _request, anyReply) => {
      const reply = anyReply as FastifyReply;
      void reply
        .code(400)
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ statusCode: 400, error: 'Bad Request', message: `Malformed URL: ${error.message}` }));
    },
  };
}

/**
 * JSON bodies only (another media type, or none, is a 415), parsed by parseJsonBody's
 * rules; schemas compiled once by the app's Ajv; keys checked before any body is read.
 */
function configureFastify(fastify: FastifyInstance, config: LoadedConfig): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.setValidatorCompiler(({ schema, httpPart }) => {
    const validate = ajv.compile(schema as SchemaObject);
    const part = httpPart === 'querystring' ? 'querystring' : 'body';
    return (data: unknown) =>
      validate(data)
        ? true
        : { error: new BadRequestException(messagesOf(schema as FastifySchema & SchemaObject, validate.errors ?? [], part)) };
  });
  fastify.addHook('onRequest', createRequestGuard(config.apiKeys));
}

function setUpOpenApi(app: NestFastifyApplication, ui: boolean): void {
  SwaggerModule.setup('docs', app, createOpenApiDocument(app), { ui });
}

/** The document served at /docs-json; also written to docs/api/ by `npm run docs`. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('match-command')
      .setDescription(
        'Write API of the rankings platform (reference: docs/api/write-api.md in the repository). ' +
          'Every write needs `Authorization: Bearer <key>` with the write scope; ' +
          'errors answer `{ statusCode, error, message }`. A change and its event are committed together; ' +
          'pass the returned `eventId` as `waitFor` to the read API to read your own write.',
      )
      .setVersion('1')
      // An opaque API key, not a JWT (addBearerAuth would claim bearerFormat JWT).
      .addSecurity('bearer', { type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS with the write scope' })
      .addTag('divisions', 'Divisions (weight and age categories) that rank their athletes')
      .addTag('athletes', 'Athletes registered in a division')
      .addTag('matches', 'Matches and their results')
      .addTag('operations', 'Health and metrics, no key needed')
      .build(),
  );
}
