import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { observeCommand } from '../observability/command-metrics';
import { toApiError } from './api-error';
import { commandStartedAt, type WriteRouteConfig } from './request-guard';

/**
 * The one exception filter of the app: every error leaves in the contract's shape, from
 * a handler, a guard hook, Fastify's body parsing and validation, or an unknown route.
 */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = toApiError(exception);
    if (body.statusCode === HttpStatus.UNSUPPORTED_MEDIA_TYPE) {
      const given = request.headers['content-type'];
      body.message = `Content-Type must be application/json (${given ? `got ${given.slice(0, 100)}` : 'none was sent'})`;
    }
    // Client errors are the caller's business and already visible in the response;
    // only failures of our own are logged, once, here.
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const command = (request.routeOptions?.config as WriteRouteConfig | undefined)?.command;
    if (command) observeCommand(command, body.statusCode >= 500 ? 'failed' : 'rejected', commandStartedAt(request));
    if (body.statusCode === HttpStatus.UNAUTHORIZED) void reply.header('WWW-Authenticate', 'Bearer');
    // After these the rest of the connection cannot be trusted (or is not wanted).
    if (body.statusCode === HttpStatus.TOO_MANY_REQUESTS || body.statusCode === HttpStatus.PAYLOAD_TOO_LARGE) {
      void reply.header('Connection', 'close');
    }
    void reply.status(body.statusCode).send(body);
  }
}
