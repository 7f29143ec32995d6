import { Controller, Get, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CacheableJson } from '../http-cache/cacheable-json.interceptor';
import { ApiCacheableRead } from '../openapi/read-api.decorators';
import { DivisionStatsSchema, LeaderboardSchema } from '../openapi/read-api.schemas';
import { LeaderboardQueryDto } from './rankings.dto';
import { ReadAnswers } from './read-answers';
import { ReadOptionsDto } from './read-options.dto';

/**
 * Hot division reads from Redis: bodies stored in the response's shape, sent as they are.
 * Well-formed requests are answered by the read lane ahead of this pipeline (same answers);
 * this controller declares the routes, validates everything else and documents them.
 */
@ApiTags('read')
@ApiParam({ name: 'id', description: 'divisionId', example: 'elite-women' })
@Controller('divisions')
export class DivisionsController {
  constructor(private readonly answers: ReadAnswers) {}

  @Get(':id/leaderboard')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'The top of a division (Redis); live as Server-Sent Events at /divisions/{id}/leaderboard/stream' })
  @ApiCacheableRead(LeaderboardSchema, 'The leaders in division order', 'Unknown division')
  leaderboard(@Param('id') divisionId: string, @Query() query: LeaderboardQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return this.answers.leaderboard(divisionId, query.top, query, reply);
  }

  @Get(':id/stats')
  @UseInterceptors(CacheableJson)
  @ApiOperation({ summary: 'Division counters (Redis)' })
  @ApiCacheableRead(DivisionStatsSchema, 'Athletes, completed matches, last match time', 'Unknown division')
  stats(@Param('id') divisionId: string, @Query() options: ReadOptionsDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return this.answers.stats(divisionId, options, reply);
  }
}
