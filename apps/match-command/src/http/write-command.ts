import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBadRequestResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Observable, map, tap } from 'rxjs';
import { toApiError } from './api-error';
import { ApiErrorResponse } from './responses';
import { RequiresWriteScope } from './write-scope.guard';
import type { CommandResult } from '../outbox/outbox-writer';
import { CommandOutcome, observeCommand } from '../observability/command-metrics';

const COMMAND_NAME = Symbol('command-name');

/**
 * Marks a route as a write command: behind the write scope, counted and timed under
 * `name`, and answering with the handler's response, as 200 when it was a replay.
 */
export function WriteCommand(name: string): MethodDecorator {
  return applyDecorators(
    SetMetadata(COMMAND_NAME, name),
    RequiresWriteScope(),
    UseInterceptors(CommandResultInterceptor),
    ApiBadRequestResponse({ type: ApiErrorResponse, description: 'Malformed JSON, invalid or unknown fields' }),
    ApiUnprocessableEntityResponse({ type: ApiErrorResponse, description: 'The body refers to something unknown or unfit' }),
  );
}

@Injectable()
export class CommandResultInterceptor implements NestInterceptor<CommandResult<unknown>, unknown> {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler<CommandResult<unknown>>): Observable<unknown> {
    const command = this.reflector.get<string>(COMMAND_NAME, context.getHandler());
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const startedAt = process.hrtime.bigint();
    return next.handle().pipe(
      tap({ error: (error: unknown) => observeCommand(command, outcomeOfError(error), startedAt) }),
      map((result) => {
        // A replay answers 200 with the original body; a first write keeps the route's status.
        if (result.replayed) void reply.status(HttpStatus.OK);
        observeCommand(command, result.replayed ? 'replayed' : 'applied', startedAt);
        return result.response;
      }),
    );
  }
}

function outcomeOfError(error: unknown): CommandOutcome {
  return toApiError(error).statusCode >= 500 ? 'failed' : 'rejected';
}
