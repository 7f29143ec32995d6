import type { Client } from '@elastic/elasticsearch';
import { RANKINGS_INDEX_MAPPINGS, RANKINGS_INDEX_SETTINGS } from './index-definition';
import { buildingAlias, newIndexVersion, physicalIndexName } from './index-naming';

/** Creates `<alias>-<version>` with the current settings and mappings; returns its name. */
export async function createVersionedIndex(client: Client, alias: string, version = newIndexVersion()): Promise<string> {
  const index = physicalIndexName(alias, version);
  await client.indices.create({ index, settings: RANKINGS_INDEX_SETTINGS, mappings: RANKINGS_INDEX_MAPPINGS });
  return index;
}

/**
 * Makes sure the read alias exists, creating a first physical index behind it on a fresh
 * cluster. An alias that already exists is left alone (a rebuild may have moved it).
 */
export async function ensureRankingsIndex(client: Client, alias: string): Promise<string[]> {
  const current = await indicesBehindAlias(client, alias);
  if (current.length > 0) return current;
  const index = await createVersionedIndex(client, alias);
  await client.indices.updateAliases({ actions: [{ add: { index, alias } }] });
  return [index];
}

/** The indices an alias points to (empty when the alias does not exist). */
export async function indicesBehindAlias(client: Client, alias: string): Promise<string[]> {
  const body = (await client.indices.getAlias({ name: alias }, { ignore: [404] })) as unknown as Record<string, unknown>;
  return Object.entries(body)
    .filter(([key, value]) => key !== 'error' && key !== 'status' && typeof value === 'object' && value !== null)
    .map(([index]) => index)
    .sort();
}

/** Registers an index as being built: from now on live writes reach it too. */
export async function registerBuildingIndex(client: Client, alias: string, index: string): Promise<void> {
  await client.indices.updateAliases({ actions: [{ add: { index, alias: buildingAlias(alias) } }] });
}

export async function unregisterBuildingIndex(client: Client, alias: string, index: string): Promise<void> {
  await client.indices.updateAliases({ actions: [{ remove: { index, alias: buildingAlias(alias) } }] });
}

/**
 * Points the read alias at `index` and nothing else, and takes it out of the building
 * set, in one `_aliases` call: readers see the old index or the new one, never neither.
 * Returns the indices the alias pointed to before (what `rollback` goes back to).
 */
export async function swapAlias(client: Client, alias: string, index: string): Promise<string[]> {
  const previous = await indicesBehindAlias(client, alias);
  const building = await indicesBehindAlias(client, buildingAlias(alias));
  const actions: object[] = previous.filter((i) => i !== index).map((i) => ({ remove: { index: i, alias } }));
  actions.push({ add: { index, alias } });
  if (building.includes(index)) actions.push({ remove: { index, alias: buildingAlias(alias) } });
  await client.indices.updateAliases({ actions } as Parameters<Client['indices']['updateAliases']>[0]);
  return previous.filter((i) => i !== index);
}

export interface RankingsIndexInfo {
  index: string;
  docCount: number;
  live: boolean;
  building: boolean;
}

/** Every physical index of this alias family, oldest first, with doc counts and roles. */
export async function listRankingIndices(client: Client, alias: string): Promise<RankingsIndexInfo[]> {
  const all = (await client.indices.get({ index: `${alias}-*` }, { ignore: [404] })) as unknown as Record<string, unknown>;
  const names = Object.keys(all)
    .filter((name) => name !== 'error' && name !== 'status' && name !== buildingAlias(alias))
    .sort();
  const [live, building] = await Promise.all([indicesBehindAlias(client, alias), indicesBehindAlias(client, buildingAlias(alias))]);
  return Promise.all(
    names.map(async (index) => {
      const { count } = await client.count({ index, query: { term: { kind: 'athlete' } } });
      return { index, docCount: count, live: live.includes(index), building: building.includes(index) };
    }),
  );
}
