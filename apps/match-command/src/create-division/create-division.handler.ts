import { Injectable } from '@nestjs/common';
import { newEventStamp } from '../outbox/build-event';
import { insertOnce } from '../outbox/insert-once';
import { CommandResult, OutboxWriter, Tx } from '../outbox/outbox-writer';
import { CreateDivisionCommand, decideCreateDivision, DivisionCreatedResponse, StoredDivision } from './create-division.command';

@Injectable()
export class CreateDivisionHandler {
  constructor(private readonly outbox: OutboxWriter) {}

  execute(command: CreateDivisionCommand): Promise<CommandResult<DivisionCreatedResponse>> {
    const stamp = newEventStamp();
    return this.outbox.recordChange((tx) =>
      insertOnce({
        load: () => findDivision(tx, command.id),
        decide: (existing) => decideCreateDivision(command, existing, stamp),
        insert: () => insertDivision(tx, command, stamp.eventId),
      }),
    );
  }
}

async function findDivision(tx: Tx, id: string): Promise<StoredDivision | null> {
  const { rows } = await tx.query<StoredDivision>(
    `SELECT name, created_event_id AS "createdEventId" FROM divisions WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

async function insertDivision(tx: Tx, command: CreateDivisionCommand, eventId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO divisions (id, name, created_event_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
    [command.id, command.name, eventId],
  );
  return rowCount === 1;
}
