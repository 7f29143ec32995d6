import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newEventStamp } from '../domain/build-event';
import type { CommandResult, ResourceChanged } from '../domain/change';
import { decideRegisterAthlete, type RegisterAthleteState } from '../domain/register-athlete.decide';
import { Database, statement } from '../persistence/database';
import { insertOnce } from '../persistence/insert-once';
import { OutboxWriter } from '../persistence/outbox-writer';
import { RegisterAthleteCommand } from './register-athlete.command';

/** Everything the decision needs in one round-trip. */
const LOAD_STATE = statement(
  'register-athlete:load',
  `SELECT EXISTS (SELECT 1 FROM divisions WHERE id = $2) AS "divisionExists",
          (SELECT json_build_object('divisionId', division_id, 'name', name, 'weightClass', weight_class,
                                    'country', country, 'createdEventId', created_event_id)
             FROM athletes WHERE id = $1) AS existing`,
);

@CommandHandler(RegisterAthleteCommand)
export class RegisterAthleteHandler implements ICommandHandler<RegisterAthleteCommand, CommandResult<ResourceChanged>> {
  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxWriter,
  ) {}

  execute({ input }: RegisterAthleteCommand): Promise<CommandResult<ResourceChanged>> {
    const stamp = newEventStamp();
    return insertOnce({
      load: async () => (await this.db.query<RegisterAthleteState>(LOAD_STATE, [input.id, input.divisionId]))[0],
      decide: (state) => decideRegisterAthlete(input, state, stamp),
      insert: (event) =>
        this.outbox.insertWithEvent(
          {
            name: 'register-athlete:insert',
            sql: `INSERT INTO athletes (id, division_id, name, weight_class, country, revision, created_event_id)
                  VALUES ($1, $2, $3, $4, $5, 1, $6) ON CONFLICT (id) DO NOTHING`,
            params: [input.id, input.divisionId, input.name, input.weightClass, input.country, stamp.eventId],
          },
          event,
        ),
    });
  }
}
