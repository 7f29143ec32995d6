import { Controller, Get, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { RankingsPage } from '@app/search';
import { CacheableJson } from '../http-cache/cacheable-json.interceptor';
import { ApiCacheableRead } from '../openapi/read-api.decorators';
import { RankingEntrySchema, RankingsPageSchema } from '../openapi/read-api.schemas';
import { RankingsQueryDto } from './rankings.dto';
import { ReadAnswers } from './read-answers';
import { ReadOptionsDto } from './read-options.dto';

/**
 * Rankings pages and athlete entries (see ReadAnswers for where each comes from).
 * Well-formed requests are answered by the read lane ahead of this pipeline (same answers);
 * this controller declares the routes, validates everything else and documents them.
 */
@ApiTags('read')
@Controller()
export class RankingsController {
  constructor(private readonly answers: ReadAnswers) {}

  @Get('rankings')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'A division’s rankings: filter by weight class, search by name, paginate (Redis for the division order, Elasticsearch for filters and search)' })
  @ApiCacheableRead(RankingsPageSchema, 'A page of ranking entries in division order')
  rankings(@Query() query: RankingsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RankingsPage | Buffer> {
    return this.answers.rankings(query, reply);
  }

  @Get('athletes/:id')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'One athlete’s ranking entry (Redis)' })
  @ApiParam({ name: 'id', description: 'athleteId', example: 'a1' })
  @ApiCacheableRead(RankingEntrySchema, 'The athlete’s entry with its division rank', 'Unknown athlete')
  athlete(@Param('id') id: string, @Query() options: ReadOptionsDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return this.answers.athlete(id, options, reply);
  }
}
