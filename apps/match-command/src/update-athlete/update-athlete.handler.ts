import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '../domain/command-errors';
import { newEventStamp } from '../outbox/build-event';
import { CommandResult, OutboxWriter, Tx } from '../outbox/outbox-writer';
import {
  assertSomethingToUpdate,
  AthleteUpdatedResponse,
  CurrentAthlete,
  decideUpdateAthlete,
  UpdateAthleteCommand,
} from './update-athlete.command';

@Injectable()
export class UpdateAthleteHandler {
  constructor(private readonly outbox: OutboxWriter) {}

  async execute(command: UpdateAthleteCommand): Promise<CommandResult<AthleteUpdatedResponse>> {
    assertSomethingToUpdate(command);
    const stamp = newEventStamp();
    return this.outbox.recordChange(async (tx) => {
      // The row lock orders concurrent updates of one athlete, so revisions never repeat.
      const current = await lockAthlete(tx, command.id);
      if (!current) throw new ResourceNotFoundError('athlete', command.id);
      const { next, change } = decideUpdateAthlete(command, current, stamp);
      await tx.query(
        `UPDATE athletes SET name = $2, weight_class = $3, country = $4, revision = $5, updated_at = now() WHERE id = $1`,
        [command.id, next.name, next.weightClass, next.country, next.revision],
      );
      return change;
    });
  }
}

async function lockAthlete(tx: Tx, id: string): Promise<CurrentAthlete | null> {
  const { rows } = await tx.query<CurrentAthlete>(
    `SELECT division_id AS "divisionId", name, weight_class AS "weightClass", country, revision
       FROM athletes WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}
