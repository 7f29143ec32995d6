import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceChanged } from '../domain/change';
import { ApiErrorResponse, ResourceResponse } from '../http/responses';
import { answer, WriteCommand } from '../http/write-command';
import { type CreateDivisionBody, createDivisionBody } from './create-division.body';
import { CreateDivisionCommand } from './create-division.command';

@ApiTags('divisions')
@Controller('divisions')
export class CreateDivisionController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @WriteCommand('create_division', 'Create a division (DivisionCreated)', createDivisionBody)
  @ApiCreatedResponse({ type: ResourceResponse, description: 'Division created' })
  @ApiOkResponse({ type: ResourceResponse, description: 'Same body sent again: the original answer, no new event' })
  @ApiConflictResponse({ type: ApiErrorResponse, description: 'The id exists with different values' })
  create(
    @Body() body: CreateDivisionBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResourceChanged> {
    return answer(request, reply, () => this.commands.execute(new CreateDivisionCommand({ id: body.id, name: body.name })));
  }
}
