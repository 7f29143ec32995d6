import { Controller, Get, NotFoundException, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { findRankingEntry, RankingsPage, searchRankings } from '@app/search';
import type { RankedEntry } from '@app/rankings';
import { ELASTICSEARCH_PROJECTION } from '../projectors/elasticsearch.store';
import { CacheableJson } from '../http-cache/cacheable-json.interceptor';
import { ApiCacheableRead } from '../openapi/read-api.decorators';
import { RankingEntrySchema, RankingsPageSchema } from '../openapi/read-api.schemas';
import { QueryRuntime } from '../query-runtime';
import { RankingsQueryDto } from './rankings.dto';
import { ReadOptionsDto } from './read-options.dto';
import { WaitForEvent } from './wait-for';

/** Searchable, paginated rankings and athlete entries, from Elasticsearch via the alias. */
@ApiTags('read')
@Controller()
export class RankingsController {
  constructor(
    private readonly runtime: QueryRuntime,
    private readonly waitFor: WaitForEvent,
  ) {}

  @Get('rankings')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'A division’s rankings: filter by weight class, search by name, paginate (Elasticsearch)' })
  @ApiCacheableRead(RankingsPageSchema, 'A page of ranking entries in division order')
  async rankings(@Query() query: RankingsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RankingsPage> {
    await this.waitFor.beforeRead(ELASTICSEARCH_PROJECTION, query, reply);
    const { divisionId, weightClass, q, size, cursor } = query;
    return searchRankings(this.runtime.search, this.runtime.config.ELASTICSEARCH_ALIAS, { divisionId, weightClass, q, size, cursor });
  }

  @Get('athletes/:id')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'One athlete’s ranking entry (Elasticsearch)' })
  @ApiParam({ name: 'id', description: 'athleteId', example: 'a1' })
  @ApiCacheableRead(RankingEntrySchema, 'The athlete’s entry with its division rank', 'Unknown athlete')
  async athlete(@Param('id') id: string, @Query() options: ReadOptionsDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RankedEntry> {
    await this.waitFor.beforeRead(ELASTICSEARCH_PROJECTION, options, reply);
    const entry = await findRankingEntry(this.runtime.search, this.runtime.config.ELASTICSEARCH_ALIAS, id);
    if (!entry) throw new NotFoundException(`athlete ${id} not found`);
    return entry;
  }
}
