import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { MatchMethod } from '@app/contracts';
import { newEventStamp } from '../domain/build-event';
import type { CommandResult, ResultChanged } from '../domain/change';
import { ResourceNotFoundError } from '../domain/command-errors';
import { assertCompletedInThePast, type MatchCorners } from '../domain/match-result';
import { decideRecordResult, type RecordedResult } from '../domain/record-result.decide';
import { cornersOf, MATCH_COLUMNS, type MatchRow } from '../match-result/match-row';
import { Database, statement } from '../persistence/database';
import { insertOnce } from '../persistence/insert-once';
import { OutboxWriter } from '../persistence/outbox-writer';
import { RecordResultCommand } from './record-result.command';

type ResultRow = MatchRow & {
  winnerId: string | null;
  method: MatchMethod | null;
  completedAt: Date | null;
  recordedEventId: string | null;
};

const LOAD_MATCH_WITH_RESULT = statement(
  'record-result:load',
  `SELECT ${MATCH_COLUMNS}, r.winner_id AS "winnerId", r.method, r.completed_at AS "completedAt",
          r.recorded_event_id AS "recordedEventId"
     FROM matches m LEFT JOIN match_results r ON r.match_id = m.id
    WHERE m.id = $1`,
);

const INSERT_RESULT = `INSERT INTO match_results (match_id, winner_id, method, completed_at, revision, recorded_event_id, last_event_id)
                       VALUES ($1, $2, $3, $4, 1, $5, $5) ON CONFLICT (match_id) DO NOTHING`;

/**
 * The hot path, two round-trips of prepared statements: read the match with its result,
 * then one statement that inserts the result and its event. No lock is needed: the
 * result's primary key lets exactly one of many concurrent recordings insert; the others
 * settle as replay or conflict.
 */
@CommandHandler(RecordResultCommand)
export class RecordResultHandler implements ICommandHandler<RecordResultCommand, CommandResult<ResultChanged>> {
  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxWriter,
  ) {}

  execute({ input }: RecordResultCommand): Promise<CommandResult<ResultChanged>> {
    const stamp = newEventStamp();
    assertCompletedInThePast(input, stamp.occurredAt);
    return insertOnce({
      load: () => this.loadMatchWithResult(input.matchId),
      decide: (match) => decideRecordResult(input, match, stamp),
      insert: (event) =>
        this.outbox.insertWithEvent(
          {
            name: 'record-result:insert',
            sql: INSERT_RESULT,
            params: [input.matchId, input.winnerId, input.method, input.completedAt.toISOString(), stamp.eventId],
          },
          event,
        ),
    });
  }

  private async loadMatchWithResult(matchId: string): Promise<MatchCorners & { result: RecordedResult | null }> {
    const [row] = await this.db.query<ResultRow>(LOAD_MATCH_WITH_RESULT, [matchId]);
    if (!row) throw new ResourceNotFoundError('match', matchId);
    const { winnerId, method, completedAt, recordedEventId } = row;
    const result = method && completedAt && recordedEventId ? { winnerId, method, completedAt, recordedEventId } : null;
    return { ...cornersOf(matchId, row), result };
  }
}
