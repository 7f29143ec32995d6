import { Body, Controller, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ResourceResponse } from '../http/responses';
import { WriteCommand } from '../http/write-command';
import { ScheduleMatchDto } from './schedule-match.dto';
import { ScheduleMatchHandler } from './schedule-match.handler';

@ApiTags('matches')
@Controller('matches')
export class ScheduleMatchController {
  constructor(private readonly handler: ScheduleMatchHandler) {}

  @Post()
  @WriteCommand('schedule_match')
  @ApiCreatedResponse({ type: ResourceResponse, description: 'Match scheduled' })
  @ApiOkResponse({ type: ResourceResponse, description: 'Same body sent again: the original answer, no new event' })
  @ApiConflictResponse({ description: 'The id exists with different values' })
  schedule(@Body() body: ScheduleMatchDto) {
    return this.handler.execute(body);
  }
}
