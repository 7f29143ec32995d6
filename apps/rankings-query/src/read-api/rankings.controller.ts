import { Controller, Get, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { findRankingEntry, RankingsPage, searchRankings } from '@app/search';
import type { RankedEntry } from '@app/rankings';
import { Client } from '@elastic/elasticsearch';
import { CONFIG, type LoadedConfig } from '@app/config';
import { ELASTICSEARCH_PROJECTION } from '../freshness/projection-monitors';
import { RankingsQueryDto } from './rankings.dto';
import { ReadOptionsDto } from './read-options.dto';
import { WaitForEvent } from './wait-for';

/** Searchable, paginated rankings and athlete entries, from Elasticsearch via the alias. */
@Controller()
export class RankingsController {
  constructor(
    @Inject(Client) private readonly search: Client,
    @Inject(CONFIG) private readonly config: LoadedConfig,
    private readonly waitFor: WaitForEvent,
  ) {}

  @Get('rankings')
  async rankings(@Query() query: RankingsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RankingsPage> {
    await this.waitFor.beforeRead(ELASTICSEARCH_PROJECTION, query, reply);
    const { divisionId, weightClass, q, size, cursor } = query;
    return searchRankings(this.search, this.config.ELASTICSEARCH_ALIAS, { divisionId, weightClass, q, size, cursor });
  }

  @Get('athletes/:id')
  async athlete(@Param('id') id: string, @Query() options: ReadOptionsDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RankedEntry> {
    await this.waitFor.beforeRead(ELASTICSEARCH_PROJECTION, options, reply);
    const entry = await findRankingEntry(this.search, this.config.ELASTICSEARCH_ALIAS, id);
    if (!entry) throw new NotFoundException(`athlete ${id} not found`);
    return entry;
  }
}
