import { applyDecorators, HttpStatus } from '@nestjs/common';
import { RouteConfig, RouteSchema } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandResult } from '../domain/change';
import { observeCommand } from '../observability/command-metrics';
import { type BodySchema, NO_QUERY } from './body-schema';
import { commandStartedAt, type WriteRouteConfig } from './request-guard';
import { ApiErrorResponse } from './responses';

/**
 * Marks a route as a write command: behind the write scope (checked by the request
 * guard before the body is read), its body validated by Fastify against `body` (the same
 * schema is the OpenAPI request body), no query parameters, and counted and timed under
 * `name` in /metrics.
 */
export function WriteCommand(name: string, summary: string, body: BodySchema): MethodDecorator {
  const config: WriteRouteConfig = { scope: 'write', command: name };
  return applyDecorators(
    RouteConfig(config),
    RouteSchema({ body, querystring: NO_QUERY }),
    ApiOperation({ summary, operationId: name }),
    // The validation schema is the documented one (OpenAPI 3.0 schema objects are JSON Schema with extensions).
    ApiBody({ schema: body as unknown as SchemaObject }),
    ApiBearerAuth(),
    ApiBadRequestResponse({
      type: ApiErrorResponse,
      description: 'Malformed JSON, invalid or unknown fields (every problem listed)',
    }),
    ApiUnauthorizedResponse({ type: ApiErrorResponse, description: 'Missing or unknown API key' }),
    ApiForbiddenResponse({ type: ApiErrorResponse, description: 'API key without the write scope' }),
    ApiUnprocessableEntityResponse({ type: ApiErrorResponse, description: 'The body refers to something unknown or unfit' }),
    ApiUnsupportedMediaTypeResponse({ type: ApiErrorResponse, description: 'Content-Type is not application/json' }),
    ApiTooManyRequestsResponse({ type: ApiErrorResponse, description: 'Too many open connections from this client address' }),
  );
}

/**
 * Runs a command for a controller: a replay answers 200 (the route's own status, 201 or
 * 200, otherwise), the response body is the handler's, and the outcome is counted. A plain
 * async function on purpose: the hot path pays for no interceptor or observable.
 * Refusals are counted by the error filter, which sees those raised before the controller too.
 */
export async function answer<R>(request: FastifyRequest, reply: FastifyReply, run: () => Promise<CommandResult<R>>): Promise<R> {
  const result = await run();
  if (result.replayed) void reply.status(HttpStatus.OK);
  const { command } = request.routeOptions.config as WriteRouteConfig;
  if (command) observeCommand(command, result.replayed ? 'replayed' : 'applied', commandStartedAt(request));
  return result.response;
}
