import { Client } from '@elastic/elasticsearch';
import { performance } from 'node:perf_hooks';
import { startEmbeddedElasticsearch } from '../server';

export interface SearchBenchOptions {
  /** A running Elasticsearch; when absent an in-memory stand-in is started. */
  url?: string;
  docs?: number;
  batchSize?: number;
  /** Pages fetched per measured query (first page + search_after pages). */
  pages?: number;
  queries?: number;
}

export interface SearchBenchResult {
  docs: number;
  indexDocsPerSecond: number;
  searches: number;
  p50Ms: number;
  p99Ms: number;
}

const DIVISIONS = 50;
const WEIGHTS = ['fly', 'bantam', 'feather', 'light', 'welter', 'middle', 'light-heavy', 'heavy'];
const COUNTRIES = ['BR', 'US', 'PT', 'ES', 'FR', 'JP', 'IE', 'MX', 'RU', 'GB'];
const NAMES = ['Ana', 'Bruno', 'Carla', 'Diego', 'Eva', 'José', 'Zoë', 'Conor', 'Amanda', 'Khabib', 'Israel', 'Valentina'];

/** A deterministic pseudo-random stream, so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function rankingDoc(i: number, rand: () => number) {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  return {
    athleteId: `ath-${String(i).padStart(6, '0')}`,
    name: `${pick(NAMES)} ${pick(NAMES)}son`,
    divisionId: `div-${i % DIVISIONS}`,
    weightClass: pick(WEIGHTS),
    country: pick(COUNTRIES),
    points: Math.floor(rand() * 1000),
    wins: Math.floor(rand() * 30),
    losses: Math.floor(rand() * 15),
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/**
 * Bulk-indexes ranking-like documents through the official client, then measures the
 * read API's hot query: one division (term filter), sorted by the ranking order,
 * paginated with search_after.
 */
export async function runSearchBench(opts: SearchBenchOptions = {}): Promise<SearchBenchResult> {
  const docs = opts.docs ?? 100_000;
  const batchSize = opts.batchSize ?? 5_000;
  const pages = opts.pages ?? 5;
  const queries = opts.queries ?? 200;
  const standIn = opts.url ? undefined : await startEmbeddedElasticsearch({ port: 0 });
  const client = new Client({ node: opts.url ?? standIn?.url ?? '' });
  const index = `search-bench-${Date.now()}`;
  try {
    await client.indices.create({
      index,
      settings: { number_of_replicas: 0, refresh_interval: '-1' },
      mappings: {
        properties: {
          athleteId: { type: 'keyword' }, name: { type: 'text', fields: { keyword: { type: 'keyword' } } }, divisionId: { type: 'keyword' },
          weightClass: { type: 'keyword' }, country: { type: 'keyword' }, points: { type: 'integer' }, wins: { type: 'integer' }, losses: { type: 'integer' },
        },
      },
    });
    const rand = rng(42);
    const started = performance.now();
    for (let from = 0; from < docs; from += batchSize) {
      const operations = [];
      for (let i = from; i < Math.min(docs, from + batchSize); i++) {
        const doc = rankingDoc(i, rand);
        operations.push({ index: { _index: index, _id: doc.athleteId } }, doc);
      }
      const res = await client.bulk({ operations });
      if (res.errors) throw new Error(`bulk failed at ${from}`);
    }
    await client.indices.refresh({ index });
    const indexDocsPerSecond = Math.round(docs / ((performance.now() - started) / 1000));

    const latencies: number[] = [];
    const sort = [{ points: 'desc' }, { wins: 'desc' }, { losses: 'asc' }, { athleteId: 'asc' }] as const;
    for (let q = 0; q < queries; q++) {
      let after: unknown[] | undefined;
      for (let p = 0; p < pages; p++) {
        const t0 = performance.now();
        const res = await client.search({
          index,
          size: 20,
          query: { bool: { filter: [{ term: { divisionId: `div-${q % DIVISIONS}` } }] } },
          sort: sort.map((s) => ({ ...s })) as never,
          ...(after ? { search_after: after as never } : {}),
        });
        latencies.push(performance.now() - t0);
        after = res.hits.hits.at(-1)?.sort as unknown[] | undefined;
      }
    }
    latencies.sort((a, b) => a - b);
    return { docs, indexDocsPerSecond, searches: latencies.length, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)) };
  } finally {
    await client.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
    await client.close();
    await standIn?.close();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

if (require.main === module) {
  runSearchBench({ url: process.argv[2] }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
