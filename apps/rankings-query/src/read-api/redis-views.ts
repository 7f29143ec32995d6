import { Inject, Injectable } from '@nestjs/common';
import {
  AthleteDivisions,
  decodeOrderScore as decodeScore,
  createGenerationResolver,
  LeaderboardBody,
  orderScore,
  readAthleteBody,
  readDivisionEntries,
  readDivisionRanks,
  readLeaderboardBody,
  readRankingsPage,
  readStatsBody,
  type RedisStore,
} from '@app/cache';
import { CONFIG, type LoadedConfig } from '@app/config';
import { decodeCursor, encodeCursor, placeOf, type RankedIdsPage, sortValuesOf } from '@app/search';
import { REDIS_STORE } from '../read-clients';

/**
 * The read API's access to the Redis read model: each hot view is one round trip and
 * comes back as the response's bytes. The live generation is resolved at most once a
 * second (a rebuild's switch reaches readers within that).
 */
@Injectable()
export class RedisViews {
  private readonly generation: () => Promise<string>;
  private readonly athletes: AthleteDivisions;
  private readonly prefix: string;

  constructor(@Inject(REDIS_STORE) private readonly redis: RedisStore, @Inject(CONFIG) config: LoadedConfig) {
    this.prefix = config.REDIS_KEY_PREFIX;
    const generations = createGenerationResolver(redis, this.prefix);
    this.generation = async () => (await generations()).live;
    this.athletes = new AthleteDivisions(redis, this.prefix);
  }

  async leaderboard(divisionId: string, top: number): Promise<LeaderboardBody | null> {
    return readLeaderboardBody(this.redis, this.prefix, await this.generation(), divisionId, top);
  }

  async stats(divisionId: string): Promise<Buffer | null> {
    return readStatsBody(this.redis, this.prefix, await this.generation(), divisionId);
  }

  divisionOf(athleteId: string): Promise<string | null> {
    return this.athletes.divisionOf(athleteId);
  }

  async athlete(divisionId: string, athleteId: string): Promise<Buffer | null> {
    return readAthleteBody(this.redis, this.prefix, await this.generation(), divisionId, athleteId);
  }

  /**
   * A `/rankings` body of the unfiltered division order, from the start or after a cursor
   * (whichever store issued it: the cursor is the same). Null when the cursor's athlete has
   * moved since: Elasticsearch's search_after answers that one.
   */
  async rankingsPage(divisionId: string, size: number, cursor: string | undefined): Promise<Buffer | null> {
    const after = cursor ? placeOf(decodeCursor(cursor)) : null;
    const place = after ? { athleteId: after.athleteId, score: orderScore(after) } : null;
    const page = await readRankingsPage(this.redis, this.prefix, await this.generation(), divisionId, size, place);
    if (!page) return null;
    const served = page.offset + page.count;
    const more = page.count === size && served < page.total && page.last;
    const next = more ? encodeCursor({ after: sortValuesOf({ ...decodeScore(page.last!.score), athleteId: page.last!.athleteId }), served }) : null;
    return rankingsBody(page.items, page.total, next);
  }

  /**
   * A `/rankings` body for a page Elasticsearch ordered (filters, q): the athletes' stored
   * entries with their division ranks, in one script. Null when one of them is not ranked
   * here yet (Elasticsearch has it and Redis not yet): the caller reads that page whole
   * from Elasticsearch.
   */
  async entriesPage(divisionId: string, page: RankedIdsPage): Promise<Buffer | null> {
    const items = await readDivisionEntries(this.redis, this.prefix, await this.generation(), divisionId, page.athleteIds);
    return items ? rankingsBody(items, page.total, page.nextCursor) : null;
  }

  /** Division ranks for a page Elasticsearch served: one round trip for the page. */
  async ranks(divisionId: string, athleteIds: string[]): Promise<Array<number | null>> {
    return readDivisionRanks(this.redis, this.prefix, await this.generation(), divisionId, athleteIds);
  }
}

/** `{"items":[…],"total":N,"nextCursor":…}` around items that are already bytes. */
function rankingsBody(items: Buffer, total: number, nextCursor: string | null): Buffer {
  return Buffer.concat([Buffer.from('{"items":['), items, Buffer.from(`],"total":${total},"nextCursor":${JSON.stringify(nextCursor)}}`)]);
}
