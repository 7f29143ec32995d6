import { Controller, Get, Headers, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiReadErrors } from '../openapi/read-api.decorators';
import { LeaderboardStreamQueryDto } from './leaderboard-stream.dto';
import { LeaderboardHub } from './leaderboard-hub';
import { SseSubscriber } from './sse-subscriber';

/** CONTRACT §4: a division's leaderboard as Server-Sent Events, on connect and after every change. */
@ApiTags('read')
@Controller('divisions')
export class LeaderboardStreamController {
  constructor(private readonly hub: LeaderboardHub) {}

  @Get(':id/leaderboard/stream')
  @ApiOperation({
    summary: 'Live leaderboard (Server-Sent Events)',
    description:
      'text/event-stream. Each event is `event: leaderboard`, `id: <version>`, `data: <the JSON of GET /divisions/{id}/leaderboard?top=>`; ' +
      'one on connect (unless Last-Event-ID already is the current version) and one after every stored change, ' +
      'within 100 ms of the projection storing it. Comment lines (`: ping`) every 15 s keep proxies from closing it.',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The last version received; the stream resumes after it (browsers send it on reconnect)' })
  @ApiOkResponse({ description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiParam({ name: 'id', description: 'divisionId', example: 'elite-women' })
  @ApiReadErrors('Unknown division')
  async stream(
    @Param('id') divisionId: string,
    @Query() query: LeaderboardStreamQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const current = await this.hub.snapshot(divisionId);
    if (!current) throw new NotFoundException(`division ${divisionId} not found`);
    reply.hijack();
    reply.raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no', // nginx would otherwise hold events back
    });
    reply.raw.write('retry: 1000\n\n');
    const subscriber = new SseSubscriber(divisionId, query.top, parseVersion(lastEventId), reply.raw);
    reply.raw.on('close', () => this.hub.remove(subscriber));
    this.hub.add(subscriber, current);
  }
}

/** -1 (nothing yet) unless the header is a version this service handed out. */
function parseVersion(lastEventId: string | undefined): number {
  const version = Number(lastEventId);
  return lastEventId && Number.isSafeInteger(version) && version >= 0 ? version : -1;
}
