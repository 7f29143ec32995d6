import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@app/config';
import { createOpenApiDocument } from './match-command.app';
import { MatchCommandModule } from './match-command.module';

/**
 * The write API's OpenAPI document without a database or a port: Nest's preview mode
 * builds the module graph (controllers, DTO metadata) without instantiating providers, so
 * nothing connects. `npm run docs` writes it to docs/api/ and a test keeps that copy equal
 * to what the service serves.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(
    MatchCommandModule.forRoot(loadConfig({ NODE_ENV: 'development' })),
    new FastifyAdapter(),
    {
      preview: true,
      logger: false,
    },
  );
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
