import { Body, Controller, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ResourceResponse } from '../http/responses';
import { WriteCommand } from '../http/write-command';
import { RegisterAthleteDto } from './register-athlete.dto';
import { RegisterAthleteHandler } from './register-athlete.handler';

@ApiTags('athletes')
@Controller('athletes')
export class RegisterAthleteController {
  constructor(private readonly handler: RegisterAthleteHandler) {}

  @Post()
  @WriteCommand('register_athlete')
  @ApiCreatedResponse({ type: ResourceResponse, description: 'Athlete registered' })
  @ApiOkResponse({ type: ResourceResponse, description: 'Same body sent again: the original answer, no new event' })
  @ApiConflictResponse({ description: 'The id exists with different values' })
  register(@Body() body: RegisterAthleteDto) {
    return this.handler.execute(body);
  }
}
