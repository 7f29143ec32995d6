import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MatchMethod } from '@app/contracts';
import { ResourceNotFoundError } from '../domain/command-errors';
import type { MatchCorners } from '../domain/match-result';
import { newEventStamp } from '../outbox/build-event';
import { insertOnce } from '../outbox/insert-once';
import { CommandResult, OutboxWriter } from '../outbox/outbox-writer';
import { cornersOf, MATCH_COLUMNS, MatchRow, matchIdFromPath } from './load-match';
import { MatchResultDto, resultCommandFrom } from './match-result.dto';
import { decideRecordResult, MatchResultResponse, RecordedResult, RecordResultCommand } from './record-result.command';

type ResultRow = MatchRow & {
  winnerId: string | null;
  method: MatchMethod | null;
  completedAt: Date | null;
  recordedEventId: string | null;
};

/**
 * The hot path, two round-trips: read the match with its result, then one statement that
 * inserts the result and its event. No lock is needed: the result's primary key lets
 * exactly one of many concurrent recordings insert; the others settle as replay or conflict.
 */
@Injectable()
export class RecordResultHandler {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(matchId: string, body: MatchResultDto): Promise<CommandResult<MatchResultResponse>> {
    const command: RecordResultCommand = resultCommandFrom(matchIdFromPath(matchId), body);
    const stamp = newEventStamp();
    return insertOnce({
      load: () => this.loadMatchWithResult(command.matchId),
      decide: (match) => decideRecordResult(command, match, stamp),
      insert: (event) =>
        this.outbox.insertWithEvent(
          {
            sql: `INSERT INTO match_results (match_id, winner_id, method, completed_at, revision, recorded_event_id, last_event_id)
                  VALUES ($1, $2, $3, $4, 1, $5, $5) ON CONFLICT (match_id) DO NOTHING`,
            params: [command.matchId, command.winnerId, command.method, command.completedAt.toISOString(), stamp.eventId],
          },
          event,
        ),
    });
  }

  private async loadMatchWithResult(matchId: string): Promise<MatchCorners & { result: RecordedResult | null }> {
    const rows: ResultRow[] = await this.db.query(
      `SELECT ${MATCH_COLUMNS}, r.winner_id AS "winnerId", r.method, r.completed_at AS "completedAt",
              r.recorded_event_id AS "recordedEventId"
         FROM matches m LEFT JOIN match_results r ON r.match_id = m.id
        WHERE m.id = $1`,
      [matchId],
    );
    const row = rows[0];
    if (!row) throw new ResourceNotFoundError('match', matchId);
    const { winnerId, method, completedAt, recordedEventId } = row;
    const result = method && completedAt && recordedEventId ? { winnerId, method, completedAt, recordedEventId } : null;
    return { ...cornersOf(matchId, row), result };
  }
}
