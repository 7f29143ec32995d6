import { ForbiddenException, HttpException, HttpStatus, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { ApiKey } from '@app/config';
import { ApiKeyVerifier } from './api-keys';
import { isRefusedConnection } from './http-server';

/** Route config of a write command (set by the WriteCommand decorator). */
export interface WriteRouteConfig {
  scope?: 'write';
  command?: string;
}

const STARTED_AT = Symbol('command started at');

/**
 * The first thing every request meets (a Fastify `onRequest` hook): a connection over its
 * address's limit is refused, and a write route checks its key here, before the body is
 * read or validated, so a stranger can make us parse nothing and learns nothing about
 * validation. It is a hook rather than a Nest guard because guards run after Fastify has
 * parsed and validated the body.
 */
export function createRequestGuard(keys: readonly ApiKey[]) {
  const verifier = new ApiKeyVerifier(keys);
  return function guardRequest(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (isRefusedConnection(request.raw.socket)) {
      done(
        new HttpException(
          'Too many open connections from this address; reuse a connection or close some',
          HttpStatus.TOO_MANY_REQUESTS,
        ),
      );
      return;
    }
    const config = request.routeOptions.config as WriteRouteConfig;
    if (config.scope !== 'write') {
      done();
      return;
    }
    (request as FastifyRequest & { [STARTED_AT]?: bigint })[STARTED_AT] = process.hrtime.bigint();
    const result = verifier.check(request.headers.authorization, 'write');
    if (result.ok) done();
    else if (result.reason === 'forbidden') done(new ForbiddenException('API key lacks the write scope'));
    else done(new UnauthorizedException(result.reason === 'missing' ? 'Missing bearer API key' : 'Unknown API key'));
  };
}

/** When the write command of this request started (its key check), for the duration metric. */
export function commandStartedAt(request: FastifyRequest): bigint | undefined {
  return (request as FastifyRequest & { [STARTED_AT]?: bigint })[STARTED_AT];
}
