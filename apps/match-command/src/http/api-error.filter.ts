import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toApiError } from './api-error';

/** The one exception filter of the app: every error leaves in the contract's shape. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toApiError(exception);
    // Client errors are the caller's business and already visible in the response;
    // only failures of our own are logged, once, here.
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (body.statusCode === 401) void reply.header('WWW-Authenticate', 'Bearer');
    void reply.status(body.statusCode).send(body);
  }
}
