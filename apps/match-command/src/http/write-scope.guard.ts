import { applyDecorators, CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CONFIG, type LoadedConfig } from '@app/config';
import { ApiKeyVerifier } from './api-keys';

/** CONTRACT §2: every write needs a key whose scopes include `write`. */
@Injectable()
export class WriteScopeGuard implements CanActivate {
  private readonly verifier: ApiKeyVerifier;

  constructor(@Inject(CONFIG) config: LoadedConfig) {
    this.verifier = new ApiKeyVerifier(config.apiKeys);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const result = this.verifier.check(request.headers.authorization, 'write');
    if (result.ok) return true;
    if (result.reason === 'forbidden') throw new ForbiddenException('API key lacks the write scope');
    throw new UnauthorizedException(result.reason === 'missing' ? 'Missing bearer API key' : 'Unknown API key');
  }
}

/** Puts a controller behind the write scope and documents it in the OpenAPI spec. */
export function RequiresWriteScope(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    UseGuards(WriteScopeGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or unknown API key' }),
    ApiForbiddenResponse({ description: 'API key without the write scope' }),
  );
}
