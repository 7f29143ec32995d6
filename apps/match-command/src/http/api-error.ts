import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';
import { CommandError } from '../domain/command-errors';

/** CONTRACT §2: the body of every error answer. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

const STATUS_BY_KIND: Record<CommandError['kind'], number> = {
  invalid: HttpStatus.BAD_REQUEST,
  'not-found': HttpStatus.NOT_FOUND,
  'unknown-reference': HttpStatus.UNPROCESSABLE_ENTITY,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  conflict: HttpStatus.CONFLICT,
};

/**
 * Maps anything thrown while serving a request to the contract's error shape: command
 * errors by their kind, Nest/Fastify HTTP errors (validation, 404 route, 413, 415,
 * malformed JSON) by their status, and everything else to a 500 that reveals nothing.
 */
export function toApiError(exception: unknown): ApiErrorBody {
  if (exception instanceof CommandError) return errorBody(STATUS_BY_KIND[exception.kind], exception.message);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return errorBody(status, messageOf(exception.getResponse()) ?? exception.message);
  }
  return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
}

function errorBody(statusCode: number, message: string | string[]): ApiErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

function messageOf(response: string | object): string | string[] | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string')) return message as string[];
  return undefined;
}
