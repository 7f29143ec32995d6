import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MatchResultResponse } from '../http/responses';
import { WriteCommand } from '../http/write-command';
import { MatchResultDto } from '../record-result/match-result.dto';
import { CorrectResultHandler } from './correct-result.handler';

@ApiTags('matches')
@Controller('matches')
export class CorrectResultController {
  constructor(private readonly handler: CorrectResultHandler) {}

  @Put(':id/result')
  @WriteCommand('correct_result')
  @ApiOkResponse({
    type: MatchResultResponse,
    description: 'Result corrected (MatchResultCorrected, revision + 1); the current result sent again answers with its event and writes nothing',
  })
  @ApiNotFoundResponse({ description: 'No match with this id' })
  @ApiConflictResponse({ description: 'The match has no result yet (use POST)' })
  correct(@Param('id') id: string, @Body() body: MatchResultDto) {
    return this.handler.execute(id, body);
  }
}
