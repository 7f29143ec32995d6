import { Controller, Get, Inject, NotFoundException, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Client } from '@elastic/elasticsearch';
import { REDIS_PROJECTION } from '@app/cache';
import { CONFIG, type LoadedConfig } from '@app/config';
import { RankingsPage, searchRankings } from '@app/search';
import { ELASTICSEARCH_PROJECTION } from '../freshness/projection-monitors';
import { CacheableJson } from '../http-cache/cacheable-json.interceptor';
import { ApiCacheableRead } from '../openapi/read-api.decorators';
import { RankingEntrySchema, RankingsPageSchema } from '../openapi/read-api.schemas';
import { RankingsQueryDto } from './rankings.dto';
import { ReadOptionsDto } from './read-options.dto';
import { RedisViews } from './redis-views';
import { sendJsonBytes } from './send-json-bytes';
import { WaitForEvent } from './wait-for';

/**
 * Rankings pages and athlete entries. The division order without filters and the athlete
 * page come from Redis as stored bytes; name search and filters from Elasticsearch through
 * the alias, with ranks from the Redis order (CONTRACT §4: rank among ALL the division's
 * athletes, also under a filter).
 */
@ApiTags('read')
@Controller()
export class RankingsController {
  constructor(
    @Inject(Client) private readonly search: Client,
    @Inject(CONFIG) private readonly config: LoadedConfig,
    private readonly views: RedisViews,
    private readonly waitFor: WaitForEvent,
  ) {}

  @Get('rankings')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'A division’s rankings: filter by weight class, search by name, paginate (Redis for the division order, Elasticsearch for filters and search)' })
  @ApiCacheableRead(RankingsPageSchema, 'A page of ranking entries in division order')
  async rankings(@Query() query: RankingsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RankingsPage | Buffer> {
    const { divisionId, weightClass, q, size, cursor } = query;
    const filtered = Boolean(weightClass || q?.trim());
    if (!filtered) {
      await this.waitFor.beforeRead([REDIS_PROJECTION], divisionId, query, reply);
      const body = await this.views.rankingsPage(divisionId, size, cursor);
      if (body) return sendJsonBytes(reply, body);
    } else {
      // The page comes from Elasticsearch and its ranks from Redis: both must have the event.
      await this.waitFor.beforeRead([ELASTICSEARCH_PROJECTION, REDIS_PROJECTION], divisionId, query, reply);
    }
    const ranks = (ids: string[]) => this.views.ranks(divisionId, ids);
    return searchRankings(this.search, this.config.ELASTICSEARCH_ALIAS, { divisionId, weightClass, q, size, cursor }, ranks);
  }

  @Get('athletes/:id')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'One athlete’s ranking entry (Redis)' })
  @ApiParam({ name: 'id', description: 'athleteId', example: 'a1' })
  @ApiCacheableRead(RankingEntrySchema, 'The athlete’s entry with its division rank', 'Unknown athlete')
  async athlete(@Param('id') id: string, @Query() options: ReadOptionsDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    let divisionId = await this.views.divisionOf(id);
    await this.waitFor.beforeRead([REDIS_PROJECTION], divisionId, options, reply);
    divisionId ??= await this.views.divisionOf(id); // the awaited event may have registered it
    const body = divisionId ? await this.views.athlete(divisionId, id) : null;
    if (!body) throw new NotFoundException(`athlete ${id} not found`);
    return sendJsonBytes(reply, body);
  }
}
