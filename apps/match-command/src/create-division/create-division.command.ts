import { Command } from '@nestjs/cqrs';
import type { CommandResult, ResourceChanged } from '../domain/change';
import type { CreateDivisionInput } from '../domain/create-division.decide';

export class CreateDivisionCommand extends Command<CommandResult<ResourceChanged>> {
  constructor(readonly input: CreateDivisionInput) {
    super();
  }
}
