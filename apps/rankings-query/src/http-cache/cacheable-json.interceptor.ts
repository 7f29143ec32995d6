import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { cacheableAnswer } from './cacheable-answer';

/** A cacheable JSON read on Nest's pipeline (see cacheableAnswer). Errors pass through untouched. */
@Injectable()
export class CacheableJson implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<string | Buffer | undefined> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(map((answer: unknown) => cacheableAnswer(request, reply, answer)));
  }
}
