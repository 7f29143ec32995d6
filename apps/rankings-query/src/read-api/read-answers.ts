import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Client } from '@elastic/elasticsearch';
import type { FastifyReply } from 'fastify';
import { REDIS_PROJECTION } from '@app/cache';
import { CONFIG, type LoadedConfig } from '@app/config';
import { ELASTICSEARCH_PROJECTION, RankingsPage, searchRankingIds, searchRankings } from '@app/search';
import { RedisViews } from './redis-views';
import { WaitForEvent } from './wait-for';

/** `waitFor` / `waitMs` once validated. */
export interface ReadOptions {
  waitFor?: string;
  waitMs?: number;
}

export interface RankingsQuery extends ReadOptions {
  divisionId: string;
  weightClass?: string;
  q?: string;
  size: number;
  cursor?: string;
}

/**
 * What each read answers, given validated parameters: one implementation shared by the
 * Nest controllers (which own routing, validation and the OpenAPI document) and the read
 * lane (which answers well-formed hot reads ahead of Nest's pipeline). Throws Nest HTTP
 * exceptions for the contract's errors; `reply` only receives the waitFor headers.
 */
@Injectable()
export class ReadAnswers {
  constructor(
    @Inject(Client) private readonly search: Client,
    @Inject(CONFIG) private readonly config: LoadedConfig,
    private readonly views: RedisViews,
    private readonly waitFor: WaitForEvent,
  ) {}

  async leaderboard(divisionId: string, top: number, options: ReadOptions, reply: FastifyReply): Promise<Buffer> {
    await this.waitFor.beforeRead([REDIS_PROJECTION], divisionId, options, reply);
    const board = await this.views.leaderboard(divisionId, top);
    if (!board) throw new NotFoundException(`division ${divisionId} not found`);
    return board.body;
  }

  async stats(divisionId: string, options: ReadOptions, reply: FastifyReply): Promise<Buffer> {
    await this.waitFor.beforeRead([REDIS_PROJECTION], divisionId, options, reply);
    const body = await this.views.stats(divisionId);
    if (!body) throw new NotFoundException(`division ${divisionId} not found`);
    return body;
  }

  async athlete(athleteId: string, options: ReadOptions, reply: FastifyReply): Promise<Buffer> {
    let divisionId = await this.views.divisionOf(athleteId);
    await this.waitFor.beforeRead([REDIS_PROJECTION], divisionId, options, reply);
    divisionId ??= await this.views.divisionOf(athleteId); // the awaited event may have registered it
    const body = divisionId ? await this.views.athlete(divisionId, athleteId) : null;
    if (!body) throw new NotFoundException(`athlete ${athleteId} not found`);
    return body;
  }

  /**
   * The division order without filters comes from Redis as stored bytes; name search,
   * filters and a cursor whose athlete has moved take the page's order from Elasticsearch
   * (athlete ids only) and its entries and ranks from Redis (CONTRACT §4: rank among ALL
   * the division's athletes, also under a filter). A page with an athlete Redis does not
   * rank yet is read whole from Elasticsearch, ranks counted there for that athlete.
   */
  async rankings(query: RankingsQuery, reply: FastifyReply): Promise<RankingsPage | Buffer> {
    const { divisionId, weightClass, q, size, cursor } = query;
    const filtered = Boolean(weightClass || q?.trim());
    if (!filtered) {
      await this.waitFor.beforeRead([REDIS_PROJECTION], divisionId, query, reply);
      const body = await this.views.rankingsPage(divisionId, size, cursor);
      if (body) return body;
    } else {
      // The page comes from Elasticsearch and its ranks from Redis: both must have the event.
      await this.waitFor.beforeRead([ELASTICSEARCH_PROJECTION, REDIS_PROJECTION], divisionId, query, reply);
    }
    const page = { divisionId, weightClass, q, size, cursor };
    const ordered = await searchRankingIds(this.search, this.config.ELASTICSEARCH_ALIAS, page);
    const body = await this.views.entriesPage(divisionId, ordered);
    if (body) return body;
    // Redis does not rank one of them yet: the page again, documents and all (a rare second search).
    const ranks = (ids: string[]) => this.views.ranks(divisionId, ids);
    return searchRankings(this.search, this.config.ELASTICSEARCH_ALIAS, page, ranks);
  }
}
