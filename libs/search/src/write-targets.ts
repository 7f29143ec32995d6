import type { Client } from '@elastic/elasticsearch';
import { cachedFor } from '@app/ports';
import { buildingAlias } from './index-naming';
import { indicesBehindAlias } from './indices';

/** How long resolved write targets may be reused. */
export const WRITE_TARGETS_CACHE_MS = 1000;

export interface WriteTargets {
  /** Indices behind the read alias. */
  live: string[];
  /** Indices registered as being rebuilt. */
  building: string[];
  /** Every index a live write must reach. */
  all: string[];
}

export async function resolveWriteTargets(client: Client, alias: string): Promise<WriteTargets> {
  const [live, building] = await Promise.all([indicesBehindAlias(client, alias), indicesBehindAlias(client, buildingAlias(alias))]);
  return { live, building, all: [...new Set([...live, ...building])] };
}

/**
 * Targets cached for less than WRITE_TARGETS_CACHE_MS from when their read began (and read
 * again ahead of that, off the writer's path). A rebuild that registers a building
 * index must wait longer than that before it reads its snapshot from Postgres, so every
 * live event it does not see is guaranteed to be written to the new index by the projector.
 */
export function createWriteTargetResolver(client: Client, alias: string, ttlMs = WRITE_TARGETS_CACHE_MS): () => Promise<WriteTargets> {
  return cachedFor(() => resolveWriteTargets(client, alias), ttlMs);
}
