import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ResourceResponse } from '../http/responses';
import { WriteCommand } from '../http/write-command';
import { UpdateAthleteDto } from './update-athlete.dto';
import { UpdateAthleteHandler } from './update-athlete.handler';

@ApiTags('athletes')
@Controller('athletes')
export class UpdateAthleteController {
  constructor(private readonly handler: UpdateAthleteHandler) {}

  @Patch(':id')
  @WriteCommand('update_athlete')
  @ApiOkResponse({ type: ResourceResponse, description: 'Athlete updated; AthleteUpdated carries the full new state' })
  @ApiNotFoundResponse({ description: 'No athlete with this id' })
  update(@Param('id') id: string, @Body() body: UpdateAthleteDto) {
    return this.handler.execute({ ...body, id });
  }
}
