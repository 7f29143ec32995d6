import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MatchResultResponse } from '../http/responses';
import { WriteCommand } from '../http/write-command';
import { MatchResultDto } from './match-result.dto';
import { RecordResultHandler } from './record-result.handler';

@ApiTags('matches')
@Controller('matches')
export class RecordResultController {
  constructor(private readonly handler: RecordResultHandler) {}

  @Post(':id/result')
  @WriteCommand('record_result')
  @ApiCreatedResponse({ type: MatchResultResponse, description: 'Result recorded; MatchCompleted written' })
  @ApiOkResponse({ type: MatchResultResponse, description: 'Same result sent again: the original answer, no new event' })
  @ApiNotFoundResponse({ description: 'No match with this id' })
  @ApiConflictResponse({ description: 'The match already has a different result (use PUT to correct it)' })
  record(@Param('id') id: string, @Body() body: MatchResultDto) {
    return this.handler.execute(id, body);
  }
}
