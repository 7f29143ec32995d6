import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { newEventStamp } from '../outbox/build-event';
import { insertOnce } from '../outbox/insert-once';
import { CommandResult, OutboxWriter, Tx } from '../outbox/outbox-writer';
import { RegisterAthleteDto } from './register-athlete.dto';
import {
  AthleteRegisteredResponse,
  decideRegisterAthlete,
  RegisterAthleteCommand,
  RegisterAthleteState,
  StoredAthlete,
} from './register-athlete.command';

@Injectable()
export class RegisterAthleteHandler {
  constructor(private readonly outbox: OutboxWriter) {}

  execute(body: RegisterAthleteDto): Promise<CommandResult<AthleteRegisteredResponse>> {
    const command: RegisterAthleteCommand = { ...body, id: body.id ?? randomUUID() };
    const stamp = newEventStamp();
    return this.outbox.recordChange((tx) =>
      insertOnce({
        load: () => loadState(tx, command),
        decide: (state) => decideRegisterAthlete(command, state, stamp),
        insert: () => insertAthlete(tx, command, stamp.eventId),
      }),
    );
  }
}

async function loadState(tx: Tx, command: RegisterAthleteCommand): Promise<RegisterAthleteState> {
  const { rows } = await tx.query<{ divisionExists: boolean; existing: StoredAthlete | null }>(
    `SELECT EXISTS (SELECT 1 FROM divisions WHERE id = $2) AS "divisionExists",
            (SELECT json_build_object('divisionId', division_id, 'name', name, 'weightClass', weight_class,
                                      'country', country, 'createdEventId', created_event_id)
               FROM athletes WHERE id = $1) AS existing`,
    [command.id, command.divisionId],
  );
  return rows[0];
}

async function insertAthlete(tx: Tx, command: RegisterAthleteCommand, eventId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO athletes (id, division_id, name, weight_class, country, revision, created_event_id)
     VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT (id) DO NOTHING`,
    [command.id, command.divisionId, command.name, command.weightClass, command.country, eventId],
  );
  return rowCount === 1;
}
