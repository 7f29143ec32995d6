import { Body, Controller, Param, Patch, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceChanged } from '../domain/change';
import { ApiErrorResponse, ResourceResponse } from '../http/responses';
import { answer, WriteCommand } from '../http/write-command';
import { type UpdateAthleteBody, updateAthleteBody } from './update-athlete.body';
import { UpdateAthleteCommand } from './update-athlete.command';

@ApiTags('athletes')
@Controller('athletes')
export class UpdateAthleteController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':id')
  @WriteCommand('update_athlete', "Change an athlete's name, weight class or country (AthleteUpdated)", updateAthleteBody)
  @ApiOkResponse({ type: ResourceResponse, description: 'Athlete updated; AthleteUpdated carries the full new state' })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: 'No athlete with this id' })
  update(
    @Param('id') id: string,
    @Body() body: UpdateAthleteBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResourceChanged> {
    return answer(request, reply, () => this.commands.execute(UpdateAthleteCommand.from(id, body)));
  }
}
