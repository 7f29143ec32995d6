import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newEventStamp } from '../domain/build-event';
import type { CommandResult, ResourceChanged } from '../domain/change';
import { decideCreateDivision, type StoredDivision } from '../domain/create-division.decide';
import { Database, statement } from '../persistence/database';
import { insertOnce } from '../persistence/insert-once';
import { OutboxWriter } from '../persistence/outbox-writer';
import { CreateDivisionCommand } from './create-division.command';

const FIND_DIVISION = statement(
  'create-division:find',
  `SELECT name, created_event_id AS "createdEventId" FROM divisions WHERE id = $1`,
);

@CommandHandler(CreateDivisionCommand)
export class CreateDivisionHandler implements ICommandHandler<CreateDivisionCommand, CommandResult<ResourceChanged>> {
  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxWriter,
  ) {}

  execute({ input }: CreateDivisionCommand): Promise<CommandResult<ResourceChanged>> {
    const stamp = newEventStamp();
    return insertOnce({
      load: async () => (await this.db.query<StoredDivision>(FIND_DIVISION, [input.id]))[0] ?? null,
      decide: (existing) => decideCreateDivision(input, existing, stamp),
      insert: (event) =>
        this.outbox.insertWithEvent(
          {
            name: 'create-division:insert',
            sql: `INSERT INTO divisions (id, name, created_event_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
            params: [input.id, input.name, stamp.eventId],
          },
          event,
        ),
    });
  }
}
