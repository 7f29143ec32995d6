import { resolveGenerations } from '@app/cache';
import type { OpsContext } from '../context/ops-context';
import { compareElasticsearch } from './compare-elasticsearch';
import { compareRedis } from './compare-redis';
import type { Drift } from './drift';
import { observeDivisionRanks } from './observe-redis';
import { readTruth } from './truth';

export interface Comparison {
  athletes: number;
  divisions: number;
  redisGeneration: string;
  drifts: Drift[];
}

/** Postgres-derived truth against Elasticsearch (through the alias) and the live Redis generation. */
export async function compareAll(context: OpsContext, batchSize = 1000): Promise<Comparison> {
  const truth = await readTruth(context.pool, batchSize);
  const alias = context.config.ELASTICSEARCH_ALIAS;
  const prefix = context.config.REDIS_KEY_PREFIX;
  // Elasticsearch pages show the ranks of the live Redis order, as /rankings serves them.
  const { live } = await resolveGenerations(context.redis, prefix);
  const [es, redis] = await Promise.all([
    compareElasticsearch(context.es, alias, truth, (divisionId) => observeDivisionRanks(context.redis, prefix, live, divisionId)),
    compareRedis(context.redis, prefix, truth),
  ]);
  return { athletes: truth.athleteIds.size, divisions: truth.divisions.length, redisGeneration: redis.generation, drifts: [...es, ...redis.drifts] };
}
