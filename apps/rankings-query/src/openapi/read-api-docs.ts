import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI of the read API at /docs (UI) and /docs-json. */
export function setUpReadApiDocs(app: NestFastifyApplication, ui: boolean): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('rankings-query')
      .setDescription(
        'Read API of the rankings platform (CONTRACT §4), no authentication. Every read accepts `waitFor=<eventId>` (read-your-own-writes, ' +
          'with `waitMs`). Rankings and athletes come from Elasticsearch, leaderboards and stats from Redis; both are projections ' +
          'of the write side, and `/projections` says how fresh they are.',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { ui });
}
