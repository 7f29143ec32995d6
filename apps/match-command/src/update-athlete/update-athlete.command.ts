import { Command } from '@nestjs/cqrs';
import type { CommandResult, ResourceChanged } from '../domain/change';
import { athleteIdFromPath } from '../domain/path-ids';
import { assertSomethingToUpdate, type UpdateAthleteInput } from '../domain/update-athlete.decide';
import type { UpdateAthleteBody } from './update-athlete.body';

export class UpdateAthleteCommand extends Command<CommandResult<ResourceChanged>> {
  constructor(readonly input: UpdateAthleteInput) {
    super();
  }

  /** Refused before any database work: an id that cannot exist (404), a body naming nothing to change (400). */
  static from(pathId: string, body: UpdateAthleteBody): UpdateAthleteCommand {
    const input: UpdateAthleteInput = {
      id: athleteIdFromPath(pathId),
      name: body.name,
      weightClass: body.weightClass,
      country: body.country?.toUpperCase(),
    };
    assertSomethingToUpdate(input);
    return new UpdateAthleteCommand(input);
  }
}
