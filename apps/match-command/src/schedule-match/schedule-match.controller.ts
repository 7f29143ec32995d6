import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceChanged } from '../domain/change';
import { ApiErrorResponse, ResourceResponse } from '../http/responses';
import { answer, WriteCommand } from '../http/write-command';
import { type ScheduleMatchBody, scheduleMatchBody } from './schedule-match.body';
import { ScheduleMatchCommand } from './schedule-match.command';

@ApiTags('matches')
@Controller('matches')
export class ScheduleMatchController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @WriteCommand('schedule_match', 'Schedule a match between two athletes of a division (MatchScheduled)', scheduleMatchBody)
  @ApiCreatedResponse({ type: ResourceResponse, description: 'Match scheduled' })
  @ApiOkResponse({ type: ResourceResponse, description: 'Same body sent again: the original answer, no new event' })
  @ApiConflictResponse({ type: ApiErrorResponse, description: 'The id exists with different values' })
  schedule(
    @Body() body: ScheduleMatchBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResourceChanged> {
    return answer(request, reply, () => this.commands.execute(ScheduleMatchCommand.from(body)));
  }
}
