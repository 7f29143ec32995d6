import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { errors as esErrors } from '@elastic/elasticsearch';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { InvalidCursorError } from '@app/search';

/**
 * The one place errors become responses: HTTP exceptions pass through in the contract's
 * shape; a bad cursor is the client's 400; a read store that is down or too slow is a 503
 * naming the store, never a crash or a hang. Anything else is a logged 500.
 */
@Catch()
export class ReadErrorsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    sendReadError(host.switchToHttp().getResponse<FastifyReply>(), error, this.logger);
  }
}

/** The filter's mapping, also used by the read lane (which answers ahead of Nest's pipeline). */
export function sendReadError(reply: FastifyReply, error: unknown, logger: Logger): void {
  const send = (statusCode: number, message: string | string[]) =>
    void reply.status(statusCode).send({ statusCode, error: reasonPhrase(statusCode), message });
  if (error instanceof HttpException) {
    const body = error.getResponse();
    void reply.status(error.getStatus()).send(typeof body === 'object' ? body : { statusCode: error.getStatus(), error: reasonPhrase(error.getStatus()), message: body });
    return;
  }
  if (error instanceof InvalidCursorError) return send(HttpStatus.BAD_REQUEST, error.message);
  const store = unavailableStore(error);
  if (store) {
    logger.warn({ err: error, store }, 'read store unavailable');
    return send(HttpStatus.SERVICE_UNAVAILABLE, `${store} is unavailable: ${(error as Error).message}`);
  }
  logger.error({ err: error }, 'unhandled error in the read API');
  send(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error');
}

function unavailableStore(error: unknown): string | null {
  if (error instanceof esErrors.ConnectionError || error instanceof esErrors.TimeoutError || error instanceof esErrors.NoLivingConnectionsError) {
    return 'Elasticsearch';
  }
  if (error instanceof esErrors.ResponseError && (error.statusCode === undefined || error.statusCode >= 500 || error.statusCode === 404)) {
    return 'Elasticsearch';
  }
  const name = (error as Error | undefined)?.name ?? '';
  const message = (error as Error | undefined)?.message ?? '';
  if (name === 'MaxRetriesPerRequestError' || /Command timed out|Connection is closed|ECONNREFUSED|Stream isn't writeable/.test(message)) return 'Redis';
  return null;
}

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable' };
  return phrases[status] ?? 'Error';
}
