import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newEventStamp } from '../outbox/build-event';
import { insertOnce } from '../outbox/insert-once';
import { CommandResult, OutboxWriter } from '../outbox/outbox-writer';
import { CreateDivisionCommand, decideCreateDivision, DivisionCreatedResponse, StoredDivision } from './create-division.command';

@Injectable()
export class CreateDivisionHandler {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(command: CreateDivisionCommand): Promise<CommandResult<DivisionCreatedResponse>> {
    const stamp = newEventStamp();
    return insertOnce({
      load: () => this.findDivision(command.id),
      decide: (existing) => decideCreateDivision(command, existing, stamp),
      insert: (event) =>
        this.outbox.insertWithEvent(
          {
            sql: `INSERT INTO divisions (id, name, created_event_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
            params: [command.id, command.name, stamp.eventId],
          },
          event,
        ),
    });
  }

  private async findDivision(id: string): Promise<StoredDivision | null> {
    const rows: StoredDivision[] = await this.db.query(
      `SELECT name, created_event_id AS "createdEventId" FROM divisions WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
