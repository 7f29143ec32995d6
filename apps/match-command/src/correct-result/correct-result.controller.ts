import { Body, Controller, Param, Put, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResultChanged } from '../domain/change';
import { ApiErrorResponse, MatchResultResponse } from '../http/responses';
import { answer, WriteCommand } from '../http/write-command';
import { type MatchResultBody, matchResultBody } from '../match-result/match-result.body';
import { CorrectResultCommand } from './correct-result.command';

@ApiTags('matches')
@Controller('matches')
export class CorrectResultController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':id/result')
  @WriteCommand('correct_result', 'Correct the result of a match (MatchResultCorrected)', matchResultBody)
  @ApiOkResponse({
    type: MatchResultResponse,
    description:
      'Result corrected (MatchResultCorrected, revision + 1); the current result sent again answers with its event and writes nothing',
  })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: 'No match with this id' })
  @ApiConflictResponse({ type: ApiErrorResponse, description: 'The match has no result yet (use POST)' })
  correct(
    @Param('id') id: string,
    @Body() body: MatchResultBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResultChanged> {
    return answer(request, reply, () => this.commands.execute(CorrectResultCommand.from(id, body)));
  }
}
