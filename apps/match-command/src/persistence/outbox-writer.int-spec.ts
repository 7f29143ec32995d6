import { createHash, randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '@test/support';
import { CommandApi } from '../../test/command-api';
import { buildEvent } from '../domain/build-event';
import { applied, replayed } from '../domain/change';
import { Database, statement } from './database';
import { OutboxWriter, storedValue } from './outbox-writer';

describe('OutboxWriter', () => {
  let database: TestDatabase;
  let db: Database;
  let writer: OutboxWriter;
  const sql = async (text: string, values: unknown[] = []) =>
    db.query(statement(`test:${createHash('sha1').update(text).digest('hex')}`, text), values);
  const count = async (table: string) => Number((await sql(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const insertDivision = (id: string, eventId: string) =>
    statement(`test:insert-${id}`, `INSERT INTO divisions (id, name, created_event_id) VALUES ('${id}', '${id}', '${eventId}')`);

  beforeAll(async () => {
    database = await createTestDatabase();
    db = Database.connect(database.url, 4);
    writer = new OutboxWriter(db);
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  const divisionCreated = (id: string, eventId = randomUUID()) =>
    buildEvent('DivisionCreated', { divisionId: id, name: id }, { eventId, occurredAt: new Date('2026-11-22T18:00:00Z') });

  it('commits the change and its event together, the event as the full envelope', async () => {
    const event = divisionCreated('together');
    await writer.recordChange(async (tx) => {
      await tx.query(insertDivision('together', event.eventId), []);
      return applied(event, { id: 'together' });
    });
    const rows = await sql(
      `SELECT event_id, division_id, event_type, schema_version, occurred_at, payload, headers, published_at FROM outbox`,
    );
    expect(rows).toEqual([
      {
        event_id: event.eventId,
        division_id: 'together',
        event_type: 'DivisionCreated',
        schema_version: 1,
        occurred_at: new Date('2026-11-22T18:00:00Z'),
        payload: JSON.stringify(event),
        headers: {},
        published_at: null,
      },
    ]);
  });

  it('rolls the change back when writing its event fails', async () => {
    const taken = randomUUID();
    await writer.recordChange(async (tx) => {
      await tx.query(insertDivision('first', taken), []);
      return applied(divisionCreated('first', taken), null);
    });
    const before = [await count('divisions'), await count('outbox')];

    // The second event reuses the first one's id: the outbox insert fails after the row was written.
    const attempt = writer.recordChange(async (tx) => {
      await tx.query(insertDivision('second', taken), []);
      return applied(divisionCreated('second', taken), null);
    });
    await expect(attempt).rejects.toThrow(/outbox_event_id_key/);
    expect([await count('divisions'), await count('outbox')]).toEqual(before);
  });

  it('rolls everything back when the change itself throws midway', async () => {
    const before = [await count('divisions'), await count('outbox')];
    const attempt = writer.recordChange(async (tx) => {
      await tx.query(insertDivision('midway', randomUUID()), []);
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
    const guardedInsert = (id: string, eventId: string) => ({
      name: 'test:guarded-division',
      sql: `INSERT INTO divisions (id, name, created_event_id) VALUES ($1, $1, $2) ON CONFLICT (id) DO NOTHING`,
      params: [id, eventId],
    });

    it('writes the row and its full envelope in one statement', async () => {
      const event = divisionCreated('single');
      expect(await writer.insertWithEvent(guardedInsert('single', event.eventId), event)).toBe(true);
      const [row] = await sql(`SELECT payload, headers, schema_version FROM outbox WHERE event_id = $1`, [event.eventId]);
      expect(row).toEqual({ payload: JSON.stringify(event), headers: {}, schema_version: 1 });
      expect(await count(`divisions WHERE id = 'single'`)).toBe(1);
    });

    it('writes no event when the insert meets its conflict target', async () => {
      const before = [await count('divisions'), await count('outbox')];
      const again = divisionCreated('single');
      expect(await writer.insertWithEvent(guardedInsert('single', again.eventId), again)).toBe(false);
      expect([await count('divisions'), await count('outbox')]).toEqual(before);
    });

    it('writes no row when the event cannot be written', async () => {
      const before = [await count('divisions'), await count('outbox')];
      const [{ event_id: taken }] = await sql(`SELECT event_id FROM outbox LIMIT 1`);
      const clash = divisionCreated('clash', taken);
      await expect(writer.insertWithEvent(guardedInsert('clash', taken), clash)).rejects.toThrow(/outbox_event_id_key/);
      expect([await count('divisions'), await count('outbox')]).toEqual(before);
    });
  });

  describe('insertAllWithEvents', () => {
    const divisionsInsert = (ids: string[], eventIds: string[]) => ({
      name: 'test:insert-divisions',
      sql: `INSERT INTO divisions (id, name, created_event_id)
            SELECT d.id, d.id, d.event_id FROM unnest($1::text[], $2::uuid[]) WITH ORDINALITY AS d(id, event_id, position)
             ORDER BY d.position
            ON CONFLICT (id) DO NOTHING RETURNING id AS key`,
      params: [ids, eventIds],
    });
    const keyed = (ids: string[]) =>
      ids.map((id) => ({ key: id, event: divisionCreated(id), headers: { traceparent: `for-${id}` } }));

    it('writes the rows and their events in one transaction, events in the order given', async () => {
      const ids = ['many-c', 'many-a', 'many-b'];
      const events = keyed(ids);
      const written = await writer.insertAllWithEvents(
        divisionsInsert(
          ids,
          events.map((e) => e.event.eventId),
        ),
        events,
      );
      expect(written).toEqual(new Set(ids));
      const rows = await sql(
        `SELECT division_id, payload, headers, txid::text AS txid FROM outbox WHERE division_id = ANY($1) ORDER BY txid, id`,
        [ids],
      );
      expect(rows.map((r) => [r.division_id, r.payload, r.headers])).toEqual(
        events.map((e) => [e.key, JSON.stringify(e.event), e.headers]),
      );
      expect(new Set(rows.map((r) => r.txid)).size).toBe(1);
    });

    it('writes events only for the rows inserted, none for those that met their conflict target', async () => {
      const ids = ['many-a', 'many-new', 'many-b'];
      const events = keyed(ids);
      const before = await count('outbox');
      const written = await writer.insertAllWithEvents(
        divisionsInsert(
          ids,
          events.map((e) => e.event.eventId),
        ),
        events,
      );
      expect(written).toEqual(new Set(['many-new']));
      expect(await count('outbox')).toBe(before + 1);
      const [row] = await sql(`SELECT event_id FROM outbox WHERE division_id = 'many-new'`);
      expect(row.event_id).toBe(events[1].event.eventId);
    });

    it('writes nothing at all when one event cannot be written', async () => {
      const [{ event_id: taken }] = await sql(`SELECT event_id FROM outbox LIMIT 1`);
      const ids = ['many-ok', 'many-clash'];
      const events = [keyed(['many-ok'])[0], { key: 'many-clash', event: divisionCreated('many-clash', taken), headers: {} }];
      const before = [await count('divisions'), await count('outbox')];
      await expect(
        writer.insertAllWithEvents(
          divisionsInsert(
            ids,
            events.map((e) => e.event.eventId),
          ),
          events,
        ),
      ).rejects.toThrow(/outbox_event_id_key/);
      expect([await count('divisions'), await count('outbox')]).toEqual(before);
    });
  });

  describe('insertAllWithEventsAnswering', () => {
    it("fills the events' stored values from the statement: payload bytes and division as if the event had held them", async () => {
      const ids = ['stored-a', 'stored-b'];
      const stamps = ids.map(() => ({ eventId: randomUUID(), occurredAt: new Date('2026-11-22T18:00:00Z') }));
      const template = (i: number) =>
        buildEvent('DivisionCreated', { divisionId: storedValue('home'), name: storedValue('label') }, stamps[i]);
      const rows = await writer.insertAllWithEventsAnswering<{ key: string; label: string }>(
        {
          name: 'test:insert-divisions-stored',
          with: `named AS (SELECT d.event_id::text AS key, 'home-' || d.id AS home, 'Say "' || d.id || '"\\' AS label
                             FROM unnest($1::text[], $2::uuid[]) AS d(id, event_id))`,
          sql: `INSERT INTO divisions (id, name, created_event_id)
                SELECT d.id, d.id, d.event_id FROM unnest($1::text[], $2::uuid[]) AS d(id, event_id)
                ON CONFLICT (id) DO NOTHING RETURNING created_event_id::text AS key`,
          params: [ids, stamps.map((s) => s.eventId)],
          stored: { from: 'named', columns: ['home', 'label'] },
          select: 'SELECT n.key, n.label FROM named n JOIN change USING (key) ORDER BY n.key',
        },
        ids.map((_, i) => ({ key: stamps[i].eventId, event: template(i), headers: {} })),
      );
      expect(rows).toHaveLength(2);
      const stored = await sql(`SELECT event_id, division_id, payload FROM outbox WHERE event_id = ANY($1::uuid[]) ORDER BY id`, [
        stamps.map((s) => s.eventId),
      ]);
      expect(stored).toEqual(
        ids.map((id, i) => {
          const event = buildEvent('DivisionCreated', { divisionId: `home-${id}`, name: `Say "${id}"\\` }, stamps[i]);
          return { event_id: stamps[i].eventId, division_id: `home-${id}`, payload: JSON.stringify(event) };
        }),
      );
    });

    it("writes nothing when an event's stored values are missing, rather than a change without its event", async () => {
      const eventId = randomUUID();
      const before = [await count('divisions'), await count('outbox')];
      await expect(
        writer.insertAllWithEventsAnswering(
          {
            name: 'test:insert-division-unfilled',
            with: `named AS (SELECT NULL::text AS key, NULL::text AS home WHERE false)`,
            sql: `INSERT INTO divisions (id, name, created_event_id) VALUES ('stored-none', 'none', $1::uuid)
                  ON CONFLICT (id) DO NOTHING RETURNING created_event_id::text AS key`,
            params: [eventId],
            stored: { from: 'named', columns: ['home'] },
            select: 'SELECT key FROM change',
          },
          [
            {
              key: eventId,
              event: buildEvent(
                'DivisionCreated',
                { divisionId: storedValue('home'), name: 'none' },
                { eventId, occurredAt: new Date() },
              ),
              headers: {},
            },
          ],
        ),
      ).rejects.toThrow(/division_id/);
      expect([await count('divisions'), await count('outbox')]).toEqual(before);
    });
  });

  it('runs its statements on generic plans: array parameters would otherwise re-plan the batch on every execution', async () => {
    expect(await sql(`SELECT current_setting('plan_cache_mode') AS mode`)).toEqual([{ mode: 'force_generic_plan' }]);
  });

  it('keeps nothing of a request that fails after its row was written (through the HTTP API)', async () => {
    const api = await CommandApi.start();
    try {
      await api.givenDivision('doomed-division');
      // Make the outbox refuse one particular event, as a full disk or a lost connection would.
      await api.sql.query(`
        CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.payload::jsonb->'data'->>'name' = 'Doomed' THEN RAISE EXCEPTION 'outbox unavailable'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_doomed BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_doomed();`);
      const before = await api.snapshot();
      const response = await api.post('/athletes', {
        id: 'doomed',
        name: 'Doomed',
        divisionId: 'doomed-division',
        weightClass: 'light',
        country: 'BR',
      });
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
