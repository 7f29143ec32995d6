import { Controller, Get, NotFoundException, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { REDIS_PROJECTION } from '@app/cache';
import { CacheableJson } from '../http-cache/cacheable-json.interceptor';
import { ApiCacheableRead } from '../openapi/read-api.decorators';
import { DivisionStatsSchema, LeaderboardSchema } from '../openapi/read-api.schemas';
import { LeaderboardQueryDto } from './rankings.dto';
import { ReadOptionsDto } from './read-options.dto';
import { RedisViews } from './redis-views';
import { sendJsonBytes } from './send-json-bytes';
import { WaitForEvent } from './wait-for';

/** Hot division reads from Redis: bodies stored in the response's shape, sent as they are. */
@ApiTags('read')
@ApiParam({ name: 'id', description: 'divisionId', example: 'elite-women' })
@Controller('divisions')
export class DivisionsController {
  constructor(
    private readonly views: RedisViews,
    private readonly waitFor: WaitForEvent,
  ) {}

  @Get(':id/leaderboard')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'The top of a division (Redis); live as Server-Sent Events at /divisions/{id}/leaderboard/stream' })
  @ApiCacheableRead(LeaderboardSchema, 'The leaders in division order', 'Unknown division')
  async leaderboard(@Param('id') divisionId: string, @Query() query: LeaderboardQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    await this.waitFor.beforeRead([REDIS_PROJECTION], divisionId, query, reply);
    const board = await this.views.leaderboard(divisionId, query.top);
    if (!board) throw new NotFoundException(`division ${divisionId} not found`);
    return sendJsonBytes(reply, board.body);
  }

  @Get(':id/stats')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'Division counters (Redis)' })
  @ApiCacheableRead(DivisionStatsSchema, 'Athletes, completed matches, last match time', 'Unknown division')
  async stats(@Param('id') divisionId: string, @Query() options: ReadOptionsDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    await this.waitFor.beforeRead([REDIS_PROJECTION], divisionId, options, reply);
    const body = await this.views.stats(divisionId);
    if (!body) throw new NotFoundException(`division ${divisionId} not found`);
    return sendJsonBytes(reply, body);
  }
}
