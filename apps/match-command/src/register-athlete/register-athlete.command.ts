import { randomUUID } from 'node:crypto';
import { Command } from '@nestjs/cqrs';
import type { CommandResult, ResourceChanged } from '../domain/change';
import type { RegisterAthleteInput } from '../domain/register-athlete.decide';
import type { RegisterAthleteBody } from './register-athlete.body';

export class RegisterAthleteCommand extends Command<CommandResult<ResourceChanged>> {
  constructor(readonly input: RegisterAthleteInput) {
    super();
  }

  /** Country codes are accepted in any case and stored upper-case, as the events require. */
  static from(body: RegisterAthleteBody): RegisterAthleteCommand {
    const { name, divisionId, weightClass } = body;
    return new RegisterAthleteCommand({
      id: body.id ?? randomUUID(),
      name,
      divisionId,
      weightClass,
      country: body.country.toUpperCase(),
    });
  }
}
