import { randomUUID } from 'node:crypto';
import { Client, type Notification } from 'pg';
import { OUTBOX_DOORBELL_CHANNEL } from '@app/database';
import { createTestDatabase, eventually, TestDatabase } from '@test/support';
import { buildEvent } from '../domain/build-event';
import { applied } from '../domain/change';
import { Database, statement } from './database';
import { OutboxWriter } from './outbox-writer';

/** The writer rings the relay's doorbell after a commit that appended events, and only then. */
describe('OutboxWriter doorbell', () => {
  let database: TestDatabase;
  let db: Database;
  let writer: OutboxWriter;
  let listener: Client;
  const rings: Notification[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = Database.connect(database.url, 4);
    writer = new OutboxWriter(db);
    listener = new Client({ connectionString: database.url });
    await listener.connect();
    listener.on('notification', (n) => rings.push(n));
    await listener.query(`LISTEN ${OUTBOX_DOORBELL_CHANNEL}`);
  });
  afterAll(async () => {
    await listener.end();
    await db.close();
    await database.drop();
  });

  const division = (id: string) => {
    const event = buildEvent('DivisionCreated', { divisionId: id, name: id }, { eventId: randomUUID(), occurredAt: new Date() });
    const insert = {
      name: 'test:doorbell-division',
      sql: 'INSERT INTO divisions (id, name, created_event_id) VALUES ($1, $1, $2) ON CONFLICT DO NOTHING',
      params: [id, event.eventId],
    };
    return { event, insert };
  };

  it('rings after a committed insert with its event, and not for a conflict that wrote nothing', async () => {
    const first = division('bell-a');
    expect(await writer.insertWithEvent(first.insert, first.event)).toBe(true);
    await eventually(async () => (rings.length >= 1 ? true : undefined), 5_000, 'a ring');
    expect(rings[0].channel).toBe(OUTBOX_DOORBELL_CHANNEL);

    rings.length = 0;
    const again = division('bell-a');
    expect(await writer.insertWithEvent(again.insert, again.event)).toBe(false);
    await db.query(statement('test:doorbell-barrier', `SELECT pg_notify('${OUTBOX_DOORBELL_CHANNEL}', 'barrier')`), []);
    await eventually(async () => (rings.some((n) => n.payload === 'barrier') ? true : undefined), 5_000, 'the barrier');
    expect(rings.filter((n) => n.payload !== 'barrier')).toEqual([]);
  });

  it('rings after a transaction that appended an event', async () => {
    rings.length = 0;
    const { event } = division('bell-b');
    await writer.recordChange(async (tx) => {
      await tx.query(
        statement(
          'test:doorbell-insert-b',
          `INSERT INTO divisions (id, name, created_event_id) VALUES ('bell-b', 'b', '${event.eventId}')`,
        ),
        [],
      );
      return applied(event, null);
    });
    await eventually(async () => (rings.length >= 1 ? true : undefined), 5_000, 'a ring');
  });
});
