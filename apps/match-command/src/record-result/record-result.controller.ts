import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResultChanged } from '../domain/change';
import { ApiErrorResponse, MatchResultResponse } from '../http/responses';
import { answer, WriteCommand } from '../http/write-command';
import { type MatchResultBody, matchResultBody } from '../match-result/match-result.body';
import { RecordResultCommand } from './record-result.command';

@ApiTags('matches')
@Controller('matches')
export class RecordResultController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/result')
  @WriteCommand('record_result', 'Record the result of a match (MatchCompleted)', matchResultBody)
  @ApiCreatedResponse({ type: MatchResultResponse, description: 'Result recorded; MatchCompleted written' })
  @ApiOkResponse({ type: MatchResultResponse, description: 'Same result sent again: the original answer, no new event' })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: 'No match with this id' })
  @ApiConflictResponse({
    type: ApiErrorResponse,
    description: 'The match already has a different result (use PUT to correct it)',
  })
  record(
    @Param('id') id: string,
    @Body() body: MatchResultBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResultChanged> {
    return answer(request, reply, () => this.commands.execute(RecordResultCommand.from(id, body)));
  }
}
