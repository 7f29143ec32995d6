import { Controller, Get, NotFoundException, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createGenerationResolver, LeaderboardItem, readDivisionStats, readLeaderboard, REDIS_PROJECTION } from '@app/cache';
import type { DivisionStats } from '@app/rankings';
import { CacheableJson } from '../http-cache/cacheable-json.interceptor';
import { ApiCacheableRead } from '../openapi/read-api.decorators';
import { DivisionStatsSchema, LeaderboardSchema } from '../openapi/read-api.schemas';
import { QueryRuntime } from '../query-runtime';
import { LeaderboardQueryDto } from './rankings.dto';
import { ReadOptionsDto } from './read-options.dto';
import { WaitForEvent } from './wait-for';

/** Hot division reads from Redis, served from the live generation. */
@ApiTags('read')
@ApiParam({ name: 'id', description: 'divisionId', example: 'elite-women' })
@Controller('divisions')
export class DivisionsController {
  private readonly generations: ReturnType<typeof createGenerationResolver>;

  constructor(
    private readonly runtime: QueryRuntime,
    private readonly waitFor: WaitForEvent,
  ) {
    this.generations = createGenerationResolver(runtime.redis, runtime.config.REDIS_KEY_PREFIX);
  }

  @Get(':id/leaderboard')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'The top of a division (Redis); live as Server-Sent Events at /divisions/{id}/leaderboard/stream' })
  @ApiCacheableRead(LeaderboardSchema, 'The leaders in division order', 'Unknown division')
  async leaderboard(
    @Param('id') divisionId: string,
    @Query() query: LeaderboardQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ divisionId: string; items: LeaderboardItem[] }> {
    await this.waitFor.beforeRead(REDIS_PROJECTION, query, reply);
    const { live } = await this.generations();
    const items = await readLeaderboard(this.runtime.redis, this.runtime.config.REDIS_KEY_PREFIX, live, divisionId, query.top);
    if (!items) throw new NotFoundException(`division ${divisionId} not found`);
    return { divisionId, items };
  }

  @Get(':id/stats')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'Division counters (Redis)' })
  @ApiCacheableRead(DivisionStatsSchema, 'Athletes, completed matches, last match time', 'Unknown division')
  async stats(@Param('id') divisionId: string, @Query() options: ReadOptionsDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<DivisionStats> {
    await this.waitFor.beforeRead(REDIS_PROJECTION, options, reply);
    const { live } = await this.generations();
    const stats = await readDivisionStats(this.runtime.redis, this.runtime.config.REDIS_KEY_PREFIX, live, divisionId);
    if (!stats) throw new NotFoundException(`division ${divisionId} not found`);
    return stats;
  }
}
