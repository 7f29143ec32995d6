import type { AnyEvent } from '@app/contracts';
import { AthleteState, projectAthletes, RankingEntry, toRankingEntry } from '@app/rankings';
import { createEventFactory } from '@test/support/event-factory';
import { seededShuffle, uniqueName } from '@test/support';
import { ensureRankingsIndex } from './indices';
import { MAX_BULK_BYTES, MAX_MGET_DOCS, mergeIntoIndices, mergeSearchable, PendingHints, WriteCost } from './merge-documents';
import { entryFromDocument, factsOf, MatchFactDocument, RankingDocument } from './ranking-document';
import { createSearchClient } from './search-client';

/**
 * The Elasticsearch projection's write path against the stand-in: what users see equals
 * the ranking rules applied to the whole event history, whatever the delivery order,
 * duplication or concurrency; and one result costs the same for a career of 10 or 2,000.
 */
const client = createSearchClient({ url: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200', requestTimeoutMs: 10_000 });
afterAll(() => client.close());

const f = createEventFactory({ seed: 'c0' });
const D = 'd';
const id = (n: number) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString();

/** 12 athletes, 200 results (some corrected, some corrections before their result), registrations last for some. */
function history(): AnyEvent[] {
  const athletes = Array.from({ length: 12 }, (_, i) => `a${String(i).padStart(2, '0')}`);
  const events: AnyEvent[] = athletes.map((a) => f.athleteRegistered(D, a, `Athlete ${a}`));
  for (let n = 0; n < 200; n++) {
    const red = athletes[n % 12];
    const blue = athletes[(n * 7 + 1) % 12 === n % 12 ? (n + 1) % 12 : (n * 7 + 1) % 12];
    const winner = n % 5 === 0 ? null : n % 3 === 0 ? blue : red;
    events.push(f.matchCompleted(D, { matchId: id(n), red, blue, winner, completedAt: day(n % 37) }));
    if (n % 9 === 0) events.push(f.resultCorrected(D, { matchId: id(n), red, blue, winner: winner === red ? blue : red, completedAt: day(n % 37) }));
  }
  return events;
}

const truth = (events: AnyEvent[]) =>
  [...projectAthletes(events).values()].map(toRankingEntry).filter((e): e is RankingEntry => e !== null).sort((a, b) => a.athleteId.localeCompare(b.athleteId));

/** How many documents an mget request asks for (`docs` references, or bare `ids` of one index). */
function referencesIn(body: string): number {
  const parsed = JSON.parse(body) as { docs?: unknown[]; ids?: unknown[] };
  return (parsed.docs ?? parsed.ids ?? []).length;
}

async function entries(index: string): Promise<RankingEntry[]> {
  await client.indices.refresh({ index });
  const { hits } = await client.search<RankingDocument>({ index, size: 100, query: { bool: { filter: [{ term: { kind: 'athlete' } }, { term: { registered: true } }] } } });
  return hits.hits.map((h) => entryFromDocument(h._source!)).sort((a, b) => a.athleteId.localeCompare(b.athleteId));
}

/** The match facts some events carry (for hints naming matches). */
function projectFacts(events: AnyEvent[]) {
  return [...projectAthletes(events).values()].flatMap(factsOf);
}

async function deliver(index: string, events: AnyEvent[], slice: number): Promise<void> {
  for (let i = 0; i < events.length; i += slice) {
    await mergeIntoIndices(client, [index], { states: [...projectAthletes(events.slice(i, i + slice)).values()], refresh: false });
  }
}

describe('Elasticsearch projection with per-match facts', () => {
  const events = history();

  it('shows what the rules give for the whole history, in order', async () => {
    const [index] = await ensureRankingsIndex(client, uniqueName('facts'));
    await deliver(index, events, 25);
    expect(await entries(index)).toEqual(truth(events));
  });

  it('converges for shuffled, duplicated delivery by two concurrent writers', async () => {
    const [index] = await ensureRankingsIndex(client, uniqueName('facts'));
    const a = seededShuffle([...events, ...events.slice(0, 60)], 11);
    const b = seededShuffle([...events.slice(40), ...events.slice(0, 40)], 23);
    await Promise.all([deliver(index, a, 7), deliver(index, b, 13)]);
    expect(await entries(index)).toEqual(truth(events));
  });

  it('counts every match once when each write starts before the previous one\'s facts are stored, with hints that mislead', async () => {
    const [index] = await ensureRankingsIndex(client, uniqueName('facts'));
    // Hints that name matches never stored and forget the ones pending: only the documents decide.
    const hints = new PendingHints();
    for (let n = 0; n < 12; n++) hints.set(index, `a${String(n).padStart(2, '0')}`, projectFacts(events.slice(-40)));
    const behind: Array<Promise<void>> = [];
    for (let i = 0; i < events.length; i += 9) {
      const states = [...projectAthletes(events.slice(i, i + 9)).values()];
      const { factsWritten } = await mergeSearchable(client, [index], { states, refresh: false, hints });
      behind.push(factsWritten); // not awaited before the next write: the projector's pipeline
      if (i % 27 === 0) hints.set(index, 'a03', []);
    }
    await Promise.all(behind);
    expect(await entries(index)).toEqual(truth(events));
  });

  it('reads fact documents stored in the earlier flat shape, from indices built before facts were nested', async () => {
    const [index] = await ensureRankingsIndex(client, uniqueName('flat'));
    await deliver(index, events.slice(0, 120), 30);
    await client.indices.refresh({ index });
    const { hits } = await client.search<MatchFactDocument>({ index, size: 1000, version: true, query: { term: { kind: 'match-fact' } } });
    expect(hits.hits.length).toBeGreaterThan(50);
    await client.bulk({
      refresh: true,
      operations: hits.hits.flatMap((h) => [
        { index: { _index: index, _id: h._id, version: h._version, version_type: 'external_gte' } },
        { kind: 'match-fact', ...h._source!.fact },
      ]),
    });
    // Duplicates of stored events (their facts long confirmed, so only the flat documents
    // say they were counted), then the rest of the history with its corrections.
    await deliver(index, [...events.slice(0, 60), ...events.slice(100)], 9);
    expect(await entries(index)).toEqual(truth(events));
  });

  it('merges a snapshot of full states and live deltas in either order', async () => {
    const [index] = await ensureRankingsIndex(client, uniqueName('facts'));
    const snapshot: AthleteState[] = [...projectAthletes(events.slice(0, 150)).values()];
    await deliver(index, events.slice(100), 10);
    await mergeIntoIndices(client, [index], { states: snapshot, refresh: false });
    expect(await entries(index)).toEqual(truth(events));
  });
});

describe('per-event cost', () => {
  /** An athlete with `prior` matches already stored (written as a snapshot, then settled by one live result). */
  async function veteran(index: string, athleteId: string, prior: number): Promise<void> {
    const past = [f.athleteRegistered(D, athleteId, `Veteran ${athleteId}`), f.athleteRegistered(D, `${athleteId}-sparring`, 'Sparring')];
    for (let n = 0; n < prior; n++) {
      past.push(f.matchCompleted(D, { matchId: `${athleteId}-m${n}`, red: athleteId, blue: `${athleteId}-sparring`, winner: athleteId, completedAt: day(n) }));
    }
    await mergeIntoIndices(client, [index], { states: [...projectAthletes(past).values()], refresh: false });
    await oneResult(index, athleteId, 'warm-up');
  }

  async function oneResult(index: string, athleteId: string, tag: string): Promise<WriteCost> {
    const result = f.matchCompleted(D, { matchId: `${athleteId}-${tag}`, red: athleteId, blue: `${athleteId}-rookie`, winner: athleteId, completedAt: day(5000) });
    return mergeIntoIndices(client, [index], { states: [...projectAthletes([result]).values()], newestOccurredAt: Date.parse(result.occurredAt) });
  }

  it('is the same for an athlete with 10 prior matches and one with 2,000: round trips equal, bytes within 20%', async () => {
    const [index] = await ensureRankingsIndex(client, uniqueName('cost'));
    await veteran(index, 'short', 10);
    await veteran(index, 'long', 2000);
    const short = await oneResult(index, 'short', 'measured');
    const long = await oneResult(index, 'long', 'measured');
    expect(long.roundTrips).toBe(short.roundTrips);
    expect(long.bytes / short.bytes).toBeGreaterThan(0.8);
    expect(long.bytes / short.bytes).toBeLessThan(1.2);
    const docs = await client.mget<RankingDocument>({ index, ids: ['short', 'long'] });
    const sizes = docs.docs.map((d) => JSON.stringify('_source' in d ? d._source : null).length);
    expect(sizes[1] / sizes[0]).toBeLessThan(1.2); // slim: no match history in _source
    expect((docs.docs[1] as { _source: RankingDocument })._source).toMatchObject({ matches: 2002, wins: 2002 });
  });
});

describe('rebuild-sized writes', () => {
  /** Merges `states` into `index` and returns the requests the client sent for it, as the transport saw them. */
  async function writeRecorded(index: string, states: AthleteState[]): Promise<Array<{ path: string; body: string }>> {
    const sent: Array<{ path: string; body: string }> = [];
    const listener = (_error: unknown, event: { meta: { request: { params: { path: string; body?: unknown } } } } | null) => {
      const params = event?.meta.request.params;
      if (params) sent.push({ path: params.path, body: typeof params.body === 'string' ? params.body : JSON.stringify(params.body ?? '') });
    };
    client.diagnostic.on('request', listener as never);
    try {
      await mergeIntoIndices(client, [index], { states, refresh: false });
    } finally {
      client.diagnostic.off('request', listener as never);
    }
    return sent;
  }

  /** Pairs of athletes who met `perPair` times, as full states (what a rebuild reads from Postgres). */
  function careers(pairs: number, perPair: number): { events: AnyEvent[]; states: AthleteState[] } {
    const events: AnyEvent[] = [];
    for (let p = 0; p < pairs; p++) {
      const [red, blue] = [`p${p}-red`, `p${p}-blue`];
      events.push(f.athleteRegistered(D, red, `Red ${p}`), f.athleteRegistered(D, blue, `Blue ${p}`));
      for (let n = 0; n < perPair; n++) {
        events.push(f.matchCompleted(D, { matchId: `p${p}-m${n}`, red, blue, winner: n % 3 === 0 ? blue : red, completedAt: day(n) }));
      }
    }
    return { events, states: [...projectAthletes(events).values()] };
  }

  it('asks a fresh index for the athlete documents only, not for the facts of careers that cannot be stored there yet', async () => {
    const [index] = await ensureRankingsIndex(client, uniqueName('fresh'));
    const { events, states } = careers(10, 40);
    const mgets = (await writeRecorded(index, states)).filter((r) => r.path.endsWith('/_mget'));
    expect(mgets).toHaveLength(1); // nobody found: no second read
    expect(referencesIn(mgets[0].body)).toBe(states.length);
    expect(await entries(index)).toEqual(truth(events));
    // Written again on top of itself (every athlete found now): the facts are read and nothing counts twice.
    await mergeIntoIndices(client, [index], { states, refresh: false });
    expect(await entries(index)).toEqual(truth(events));
  });

  it('splits a bulk bigger than MAX_BULK_BYTES into several requests and stores every document', async () => {
    const [index] = await ensureRankingsIndex(client, uniqueName('chunks'));
    const { events, states } = careers(4, 4000); // 32,000 fact documents: several bulks' worth
    const bulks = (await writeRecorded(index, states)).filter((r) => r.path.endsWith('/_bulk'));
    expect(bulks.length).toBeGreaterThanOrEqual(4);
    for (const b of bulks) expect(b.body.length).toBeLessThan(MAX_BULK_BYTES + 4096);
    await client.indices.refresh({ index });
    expect((await client.count({ index, query: { term: { kind: 'match-fact' } } })).count).toBe(2 * 4 * 4000);
    expect(await entries(index)).toEqual(truth(events));
  });

  it('reads the facts of careers it finds stored in mgets of at most MAX_MGET_DOCS references, and counts none twice', async () => {
    const [index] = await ensureRankingsIndex(client, uniqueName('found'));
    const { events, states } = careers(2, 8000); // 4 athletes with 8,000 facts each
    await mergeIntoIndices(client, [index], { states, refresh: false });
    const mgets = (await writeRecorded(index, states)).filter((r) => r.path.endsWith('/_mget'));
    const sizes = mgets.map((r) => referencesIn(r.body));
    expect(sizes[0]).toBe(states.length); // the athletes first
    expect(sizes.slice(1).reduce((a, b) => a + b, 0)).toBe(4 * 8000); // then every fact, once
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_MGET_DOCS);
    expect(await entries(index)).toEqual(truth(events));
  });
});
