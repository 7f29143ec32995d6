import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiResponse,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { ErrorSchema } from './read-api.schemas';

const STALE = {
  'X-Projection-Stale': {
    description: '`true` when `waitFor` was given and `waitMs` ran out before the serving projection stored the event; absent otherwise',
    schema: { type: 'string', enum: ['true'] },
  },
};
const CACHING = {
  ETag: { description: 'Strong validator of the body bytes; send it back in If-None-Match', schema: { type: 'string' } },
  'Cache-Control': {
    description: '`public, max-age=2, stale-while-revalidate=10, stale-if-error=60`; `no-store` on `waitFor` reads',
    schema: { type: 'string' },
  },
};

/** Errors every read can answer. */
export function ApiReadErrors(notFound?: string) {
  return applyDecorators(
    ApiBadRequestResponse({ description: 'A parameter is invalid (the message lists each problem)', type: ErrorSchema }),
    ...(notFound ? [ApiNotFoundResponse({ description: notFound, type: ErrorSchema })] : []),
    ApiServiceUnavailableResponse({
      description: 'The read store is unavailable, or too many `waitFor` readers are waiting: retry after the given seconds',
      type: ErrorSchema,
      headers: { 'Retry-After': { description: 'Seconds to wait before retrying (when waiters are over the limit)', schema: { type: 'integer' } } },
    }),
  );
}

/** A cacheable JSON read (CONTRACT §4 caching): ETag, Cache-Control, If-None-Match → 304, and waitFor's stale header. */
export function ApiCacheableRead(type: Type<unknown>, description: string, notFound?: string) {
  return applyDecorators(
    ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer: 304 without a body while it is still current' }),
    ApiOkResponse({ type, description, headers: { ...CACHING, ...STALE } }),
    ApiResponse({ status: 304, description: 'Not modified: the If-None-Match tag is current', headers: CACHING }),
    ApiReadErrors(notFound),
  );
}
