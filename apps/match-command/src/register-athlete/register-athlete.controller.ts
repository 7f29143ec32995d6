import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceChanged } from '../domain/change';
import { ApiErrorResponse, ResourceResponse } from '../http/responses';
import { answer, WriteCommand } from '../http/write-command';
import { type RegisterAthleteBody, registerAthleteBody } from './register-athlete.body';
import { RegisterAthleteCommand } from './register-athlete.command';

@ApiTags('athletes')
@Controller('athletes')
export class RegisterAthleteController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @WriteCommand('register_athlete', 'Register an athlete in a division (AthleteRegistered)', registerAthleteBody)
  @ApiCreatedResponse({ type: ResourceResponse, description: 'Athlete registered' })
  @ApiOkResponse({ type: ResourceResponse, description: 'Same body sent again: the original answer, no new event' })
  @ApiConflictResponse({ type: ApiErrorResponse, description: 'The id exists with different values' })
  register(
    @Body() body: RegisterAthleteBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResourceChanged> {
    return answer(request, reply, () => this.commands.execute(RegisterAthleteCommand.from(body)));
  }
}
