import { Body, Controller, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { WriteCommand } from '../http/write-command';
import { ResourceResponse } from '../http/responses';
import { CreateDivisionDto } from './create-division.dto';
import { CreateDivisionHandler } from './create-division.handler';

@ApiTags('divisions')
@Controller('divisions')
export class CreateDivisionController {
  constructor(private readonly handler: CreateDivisionHandler) {}

  @Post()
  @WriteCommand('create_division')
  @ApiCreatedResponse({ type: ResourceResponse, description: 'Division created' })
  @ApiOkResponse({ type: ResourceResponse, description: 'Same body sent again: the original answer, no new event' })
  @ApiConflictResponse({ description: 'The id exists with different values' })
  create(@Body() body: CreateDivisionDto) {
    return this.handler.execute(body);
  }
}
