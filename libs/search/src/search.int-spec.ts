import { projectAthletes, AthleteState } from '@app/rankings';
import { createEventFactory } from '@test/support/event-factory';
import { uniqueName } from '@test/support';
import { buildingAlias } from './index-naming';
import {
  createVersionedIndex,
  ensureRankingsIndex,
  indicesBehindAlias,
  listRankingIndices,
  registerBuildingIndex,
  swapAlias,
  unregisterBuildingIndex,
} from './indices';
import { mergeIntoIndices } from './merge-documents';
import { readSearchWatermark } from './projection-state';
import { RankingDocument } from './ranking-document';
import { searchRankings } from './search-rankings';
import { createSearchClient } from './search-client';
import { resolveWriteTargets } from './write-targets';

const client = createSearchClient({ url: process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9200', requestTimeoutMs: 5000 });
afterAll(() => client.close());

const f = createEventFactory({ seed: '5e' });
const M1 = '5e000000-0000-4000-8000-000000000001';
const registrations = [f.athleteRegistered('d', 'a1', 'Ana'), f.athleteRegistered('d', 'a2', 'Bea')];
const result = f.matchCompleted('d', { matchId: M1, red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-01T10:00:00Z' });
const correction = f.resultCorrected('d', { matchId: M1, red: 'a1', blue: 'a2', winner: 'a2', completedAt: '2026-01-01T10:00:00Z' });
const states = (events: Parameters<typeof projectAthletes>[0]): AthleteState[] => [...projectAthletes(events).values()];

async function docs(index: string): Promise<Record<string, RankingDocument>> {
  const { hits } = await client.search<RankingDocument>({ index, size: 100, query: { term: { kind: 'athlete' } } });
  return Object.fromEntries(hits.hits.map((h) => [h._id, h._source as RankingDocument]));
}

describe('rankings indices for a rebuild', () => {
  it('lets a live write and an older snapshot land in either order with the same result', async () => {
    const alias = uniqueName('search');
    const [live] = await ensureRankingsIndex(client, alias);
    const building = await createVersionedIndex(client, alias, 'next');
    await registerBuildingIndex(client, alias, building);
    const targets = await resolveWriteTargets(client, alias);
    expect(targets).toEqual({ live: [live], building: [building], all: [live, building] });

    // Live events reach both indices; the rebuild's snapshot (read from Postgres before the
    // correction) is written to the new index after the live correction, and must not undo it.
    await mergeIntoIndices(client, targets.all, { states: states([...registrations, result]), newestOccurredAt: 1000 });
    await mergeIntoIndices(client, targets.all, { states: states([correction]), newestOccurredAt: 2000 });
    await mergeIntoIndices(client, [building], { states: states([...registrations, result]), refresh: true });
    // Replaying an older event changes nothing either.
    await mergeIntoIndices(client, targets.all, { states: states([result]), newestOccurredAt: 1000 });

    const [a, b] = [await docs(live), await docs(building)];
    expect(b).toEqual(a);
    expect(a.a2).toMatchObject({ points: 3, wins: 1, registered: true });
    expect(a.a1).toMatchObject({ points: 0, losses: 1 });

    const previous = await swapAlias(client, alias, building);
    expect(previous).toEqual([live]);
    expect(await indicesBehindAlias(client, alias)).toEqual([building]);
    expect(await indicesBehindAlias(client, buildingAlias(alias))).toEqual([]);
    expect(await readSearchWatermark(client, alias)).toMatchObject({ newestOccurredAt: 2000 });
    const listed = await listRankingIndices(client, alias);
    expect(listed).toEqual([
      { index: building, docCount: 2, live: true, building: false },
      { index: live, docCount: 2, live: false, building: false },
    ].sort((x, y) => x.index.localeCompare(y.index)));

    await swapAlias(client, alias, live); // rollback
    expect(await indicesBehindAlias(client, alias)).toEqual([live]);
  });

  it('keeps a partial document for an athlete seen only in results until the registration completes it', async () => {
    const alias = uniqueName('search');
    const [index] = await ensureRankingsIndex(client, alias);
    await mergeIntoIndices(client, [index], { states: states([result]) });
    expect((await searchRankings(client, alias, { divisionId: 'd', size: 10 })).total).toBe(0);
    expect((await docs(index)).a1).toMatchObject({ registered: false, name: null, points: 3 });
    await mergeIntoIndices(client, [index], { states: states(registrations) });
    const page = await searchRankings(client, alias, { divisionId: 'd', size: 10 });
    expect(page.items.map((i) => `${i.rank}:${i.athleteId}:${i.points}`)).toEqual(['1:a1:3', '2:a2:0']);
  });

  it('unregisters an abandoned building index so live writes stop reaching it', async () => {
    const alias = uniqueName('search');
    await ensureRankingsIndex(client, alias);
    const building = await createVersionedIndex(client, alias, 'abandoned');
    await registerBuildingIndex(client, alias, building);
    await unregisterBuildingIndex(client, alias, building);
    expect((await resolveWriteTargets(client, alias)).building).toEqual([]);
  });
});
