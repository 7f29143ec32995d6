import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newEventStamp } from '../outbox/build-event';
import { insertOnce } from '../outbox/insert-once';
import { CommandResult, OutboxWriter } from '../outbox/outbox-writer';
import { RegisterAthleteDto } from './register-athlete.dto';
import {
  AthleteRegisteredResponse,
  decideRegisterAthlete,
  RegisterAthleteCommand,
  RegisterAthleteState,
} from './register-athlete.command';

@Injectable()
export class RegisterAthleteHandler {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(body: RegisterAthleteDto): Promise<CommandResult<AthleteRegisteredResponse>> {
    const command: RegisterAthleteCommand = { ...body, id: body.id ?? randomUUID() };
    const stamp = newEventStamp();
    return insertOnce({
      load: () => this.loadState(command),
      decide: (state) => decideRegisterAthlete(command, state, stamp),
      insert: (event) =>
        this.outbox.insertWithEvent(
          {
            sql: `INSERT INTO athletes (id, division_id, name, weight_class, country, revision, created_event_id)
                  VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT (id) DO NOTHING`,
            params: [command.id, command.divisionId, command.name, command.weightClass, command.country, stamp.eventId],
          },
          event,
        ),
    });
  }

  /** Everything the decision needs in one round-trip. */
  private async loadState(command: RegisterAthleteCommand): Promise<RegisterAthleteState> {
    const rows: RegisterAthleteState[] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM divisions WHERE id = $2) AS "divisionExists",
              (SELECT json_build_object('divisionId', division_id, 'name', name, 'weightClass', weight_class,
                                        'country', country, 'createdEventId', created_event_id)
                 FROM athletes WHERE id = $1) AS existing`,
      [command.id, command.divisionId],
    );
    return rows[0];
  }
}
