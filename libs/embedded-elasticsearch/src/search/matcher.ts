import { EsError, searchPhaseFailure } from '../errors';
import { IndexStore } from '../store/index-store';
import { SearchDoc } from '../store/searchable-segment';
import { compileQuery } from './query-compiler';
import { QueryContext } from './query-types';

export interface Match {
  doc: SearchDoc;
  ctx: QueryContext;
  score: number;
  /** Position of the index in the request, the first tie-break after sort values (then doc number). */
  shard: number;
  /** Sort values, filled in by ranking (declared here so every Match keeps one shape). */
  keys: Array<string | number | null>;
}

const NO_KEYS: Match['keys'] = [];

export function contextFor(index: IndexStore, now: number, scoresUnused = false): QueryContext {
  return { index: index.name, segment: index.segment, mapping: index.mapping, analysis: index.analysis, now, scoresUnused };
}

/** Shard-level failures reach the client wrapped, as ES reports them. */
export function asShardFailure<T>(index: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof EsError && ['query_shard_exception', 'illegal_argument_exception'].includes(e.type)) throw searchPhaseFailure(e, index);
    throw e;
  }
}

/**
 * Every searchable document matching `query` across `indices`. A term filter drives
 * from its postings list, so only that term's documents are visited.
 */
export function collectMatches(indices: IndexStore[], query: unknown, now = Date.now(), minScore?: number, scoresUnused = false): Match[] {
  const matches: Match[] = [];
  indices.forEach((index, shard) => {
    const ctx = contextFor(index, now, scoresUnused && minScore === undefined);
    const compiled = asShardFailure(index.name, () => compileQuery(query, ctx));
    const segment = index.segment;
    const candidates = compiled.candidates();
    const scoreOf = compiled.scoreCandidate ?? compiled.score;
    const visit = (doc: SearchDoc) => {
      const score = candidates === undefined ? compiled.score(doc) : scoreOf(doc);
      if (score !== undefined && (minScore === undefined || score >= minScore)) matches.push({ doc, ctx, score, shard, keys: NO_KEYS });
    };
    if (candidates === undefined) {
      for (const doc of segment.visibleDocs()) visit(doc);
      return;
    }
    for (const num of candidates) if (segment.isVisible(num)) visit(segment.docs[num] as SearchDoc);
  });
  return matches;
}
