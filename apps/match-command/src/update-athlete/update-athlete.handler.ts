import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newEventStamp } from '../domain/build-event';
import type { CommandResult, ResourceChanged } from '../domain/change';
import { ResourceNotFoundError } from '../domain/command-errors';
import { type CurrentAthlete, decideUpdateAthlete } from '../domain/update-athlete.decide';
import { statement } from '../persistence/database';
import { OutboxWriter } from '../persistence/outbox-writer';
import { UpdateAthleteCommand } from './update-athlete.command';

/** The row lock orders concurrent updates of one athlete, so revisions never repeat. */
const LOCK_ATHLETE = statement(
  'update-athlete:lock',
  `SELECT division_id AS "divisionId", name, weight_class AS "weightClass", country, revision
     FROM athletes WHERE id = $1 FOR UPDATE`,
);
const UPDATE_ATHLETE = statement(
  'update-athlete:update',
  `UPDATE athletes SET name = $2, weight_class = $3, country = $4, revision = $5, updated_at = now() WHERE id = $1`,
);

@CommandHandler(UpdateAthleteCommand)
export class UpdateAthleteHandler implements ICommandHandler<UpdateAthleteCommand, CommandResult<ResourceChanged>> {
  constructor(private readonly outbox: OutboxWriter) {}

  execute({ input }: UpdateAthleteCommand): Promise<CommandResult<ResourceChanged>> {
    const stamp = newEventStamp();
    return this.outbox.recordChange(async (tx) => {
      const [current] = await tx.query<CurrentAthlete>(LOCK_ATHLETE, [input.id]);
      if (!current) throw new ResourceNotFoundError('athlete', input.id);
      const { next, change } = decideUpdateAthlete(input, current, stamp);
      await tx.query(UPDATE_ATHLETE, [input.id, next.name, next.weightClass, next.country, next.revision]);
      return change;
    });
  }
}
