import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { createTestDatabase, TestDatabase } from '@test/support';
import { CommandApi } from '../../test/command-api';
import { buildEvent } from './build-event';
import { applied, OutboxWriter, replayed } from './outbox-writer';

describe('OutboxWriter', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let writer: OutboxWriter;
  const count = async (table: string) => Number((await dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url, 4)).initialize();
    writer = new OutboxWriter(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const divisionCreated = (id: string, eventId = randomUUID()) =>
    buildEvent('DivisionCreated', { divisionId: id, name: id }, { eventId, occurredAt: new Date('2026-11-22T18:00:00Z') });

  it('commits the change and its event together, the event as the full envelope', async () => {
    const event = divisionCreated('together');
    await writer.recordChange(async (tx) => {
      await tx.query(`INSERT INTO divisions (id, name, created_event_id) VALUES ('together', 'together', $1)`, [event.eventId]);
      return applied(event, { id: 'together' });
    });
    const rows = await dataSource.query(
      `SELECT event_id, division_id, event_type, schema_version, occurred_at, payload, headers, published_at FROM outbox`,
    );
    expect(rows).toEqual([
      {
        event_id: event.eventId,
        division_id: 'together',
        event_type: 'DivisionCreated',
        schema_version: 1,
        occurred_at: new Date('2026-11-22T18:00:00Z'),
        payload: event,
        headers: {},
        published_at: null,
      },
    ]);
  });

  it('rolls the change back when writing its event fails', async () => {
    const taken = randomUUID();
    await writer.recordChange(async (tx) => {
      await tx.query(`INSERT INTO divisions (id, name, created_event_id) VALUES ('first', 'first', $1)`, [taken]);
      return applied(divisionCreated('first', taken), null);
    });
    const before = [await count('divisions'), await count('outbox')];

    // The second event reuses the first one's id: the outbox insert fails after the row was written.
    const attempt = writer.recordChange(async (tx) => {
      await tx.query(`INSERT INTO divisions (id, name, created_event_id) VALUES ('second', 'second', $1)`, [taken]);
      return applied(divisionCreated('second', taken), null);
    });
    await expect(attempt).rejects.toThrow(/outbox_event_id_key/);
    expect([await count('divisions'), await count('outbox')]).toEqual(before);
  });

  it('rolls everything back when the change itself throws midway', async () => {
    const before = [await count('divisions'), await count('outbox')];
    const attempt = writer.recordChange(async (tx) => {
      await tx.query(`INSERT INTO divisions (id, name, created_event_id) VALUES ('midway', 'midway', $1)`, [randomUUID()]);
      throw new Error('decided against it');
    });
    await expect(attempt).rejects.toThrow('decided against it');
    expect([await count('divisions'), await count('outbox')]).toEqual(before);
  });

  it('writes no event for a replay', async () => {
    const before = await count('outbox');
    const result = await writer.recordChange(async () => replayed({ id: 'x' }));
    expect(result).toEqual({ response: { id: 'x' }, replayed: true });
    expect(await count('outbox')).toBe(before);
  });

  describe('insertWithEvent', () => {
    const insertDivision = (id: string, eventId: string) => ({
      sql: `INSERT INTO divisions (id, name, created_event_id) VALUES ($1, $1, $2) ON CONFLICT (id) DO NOTHING`,
      params: [id, eventId],
    });

    it('writes the row and its full envelope in one statement', async () => {
      const event = divisionCreated('single');
      expect(await writer.insertWithEvent(insertDivision('single', event.eventId), event)).toBe(true);
      const [row] = await dataSource.query(`SELECT payload, headers, schema_version FROM outbox WHERE event_id = $1`, [event.eventId]);
      expect(row).toEqual({ payload: event, headers: {}, schema_version: 1 });
      expect(await count(`divisions WHERE id = 'single'`)).toBe(1);
    });

    it('writes no event when the insert meets its conflict target', async () => {
      const before = [await count('divisions'), await count('outbox')];
      const again = divisionCreated('single');
      expect(await writer.insertWithEvent(insertDivision('single', again.eventId), again)).toBe(false);
      expect([await count('divisions'), await count('outbox')]).toEqual(before);
    });

    it('writes no row when the event cannot be written', async () => {
      const before = [await count('divisions'), await count('outbox')];
      const [{ event_id: taken }] = await dataSource.query(`SELECT event_id FROM outbox LIMIT 1`);
      const clash = divisionCreated('clash', taken);
      await expect(writer.insertWithEvent(insertDivision('clash', taken), clash)).rejects.toThrow(/outbox_event_id_key/);
      expect([await count('divisions'), await count('outbox')]).toEqual(before);
    });
  });

  it('keeps nothing of a request that fails after its row was written (through the HTTP API)', async () => {
    const api = await CommandApi.start();
    try {
      await api.givenDivision('doomed-division');
      // Make the outbox refuse one particular event, as a full disk or a lost connection would.
      await api.sql.query(`
        CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.payload->'data'->>'name' = 'Doomed' THEN RAISE EXCEPTION 'outbox unavailable'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_doomed BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_doomed();`);
      const before = await api.snapshot();
      const response = await api.post('/athletes', { id: 'doomed', name: 'Doomed', divisionId: 'doomed-division', weightClass: 'light', country: 'BR' });
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
      expect(await api.snapshot()).toEqual(before);
      const { rowCount } = await api.sql.query(`SELECT 1 FROM athletes WHERE id = 'doomed'`);
      expect(rowCount).toBe(0);
    } finally {
      await api.stop();
    }
  });
});
