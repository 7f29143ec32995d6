import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { REDIS_PROJECTION } from '@app/cache';
import { LeaderboardQueryDto } from './rankings.dto';
import { ReadOptionsDto } from './read-options.dto';
import { RedisViews } from './redis-views';
import { sendJsonBytes } from './send-json-bytes';
import { WaitForEvent } from './wait-for';

/** Hot division reads from Redis: bodies stored in the response's shape, sent as they are. */
@Controller('divisions')
export class DivisionsController {
  constructor(
    private readonly views: RedisViews,
    private readonly waitFor: WaitForEvent,
  ) {}

  @Get(':id/leaderboard')
  async leaderboard(@Param('id') divisionId: string, @Query() query: LeaderboardQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    await this.waitFor.beforeRead([REDIS_PROJECTION], divisionId, query, reply);
    const board = await this.views.leaderboard(divisionId, query.top);
    if (!board) throw new NotFoundException(`division ${divisionId} not found`);
    return sendJsonBytes(reply, board.body);
  }

  @Get(':id/stats')
  async stats(@Param('id') divisionId: string, @Query() options: ReadOptionsDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    await this.waitFor.beforeRead([REDIS_PROJECTION], divisionId, options, reply);
    const body = await this.views.stats(divisionId);
    if (!body) throw new NotFoundException(`division ${divisionId} not found`);
    return sendJsonBytes(reply, body);
  }
}
