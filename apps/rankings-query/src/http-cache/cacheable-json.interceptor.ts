import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { PUBLIC_READ_CACHE_CONTROL, WAIT_FOR_CACHE_CONTROL } from './cache-policy';
import { ifNoneMatchHits, strongEtag } from './etag';

/**
 * Makes a JSON read cacheable (CONTRACT §4): serialises the handler's answer once, tags
 * it with a strong ETag of those bytes, sets Cache-Control, and answers 304 without a body
 * when the client's If-None-Match already holds that tag. Errors pass through untouched.
 */
@Injectable()
export class CacheableJson implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<string | Buffer | undefined> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest<{ Querystring: { waitFor?: string } }>>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((answer: unknown) => {
        // Bytes from the read model pass through as they are; objects are serialised once.
        const body = Buffer.isBuffer(answer) ? answer : JSON.stringify(answer);
        const etag = strongEtag(body);
        void reply.header('ETag', etag);
        void reply.header('Cache-Control', request.query.waitFor ? WAIT_FOR_CACHE_CONTROL : PUBLIC_READ_CACHE_CONTROL);
        if (ifNoneMatchHits(request.headers['if-none-match'], etag)) {
          void reply.status(304);
          return undefined;
        }
        void reply.header('Content-Type', 'application/json; charset=utf-8');
        return body;
      }),
    );
  }
}
