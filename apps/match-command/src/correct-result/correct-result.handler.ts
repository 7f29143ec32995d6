import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { MatchMethod } from '@app/contracts';
import { newEventStamp } from '../domain/build-event';
import type { CommandResult, ResultChanged } from '../domain/change';
import { ConflictError, ResourceNotFoundError } from '../domain/command-errors';
import { type CurrentResult, decideCorrectResult } from '../domain/correct-result.decide';
import { assertCompletedInThePast, type MatchCorners } from '../domain/match-result';
import { cornersOf, MATCH_COLUMNS, type MatchRow } from '../match-result/match-row';
import { type Queryable, statement } from '../persistence/database';
import { OutboxWriter } from '../persistence/outbox-writer';
import { CorrectResultCommand } from './correct-result.command';

type LockedRow = MatchRow & {
  winnerId: string | null;
  method: MatchMethod;
  completedAt: Date;
  revision: number;
  lastEventId: string;
};

/**
 * Locks the result row, so concurrent corrections of one match run one after the other
 * and each sees the revision the previous one wrote.
 */
const LOCK_RESULT = statement(
  'correct-result:lock',
  `SELECT ${MATCH_COLUMNS}, r.winner_id AS "winnerId", r.method, r.completed_at AS "completedAt",
          r.revision, r.last_event_id AS "lastEventId"
     FROM match_results r JOIN matches m ON m.id = r.match_id
    WHERE r.match_id = $1
      FOR UPDATE OF r`,
);
const MATCH_EXISTS = statement('correct-result:match-exists', `SELECT 1 FROM matches WHERE id = $1`);
const UPDATE_RESULT = statement(
  'correct-result:update',
  `UPDATE match_results SET winner_id = $2, method = $3, completed_at = $4, revision = revision + 1,
          last_event_id = $5, updated_at = now()
    WHERE match_id = $1`,
);

@CommandHandler(CorrectResultCommand)
export class CorrectResultHandler implements ICommandHandler<CorrectResultCommand, CommandResult<ResultChanged>> {
  constructor(private readonly outbox: OutboxWriter) {}

  execute({ input }: CorrectResultCommand): Promise<CommandResult<ResultChanged>> {
    const stamp = newEventStamp();
    assertCompletedInThePast(input, stamp.occurredAt);
    return this.outbox.recordChange(async (tx) => {
      const match = await lockResult(tx, input.matchId);
      const change = decideCorrectResult(input, match, stamp);
      if (change.kind === 'applied') {
        await tx.query(UPDATE_RESULT, [
          input.matchId,
          input.winnerId,
          input.method,
          input.completedAt.toISOString(),
          stamp.eventId,
        ]);
      }
      return change;
    });
  }
}

async function lockResult(tx: Queryable, matchId: string): Promise<MatchCorners & { result: CurrentResult }> {
  const [row] = await tx.query<LockedRow>(LOCK_RESULT, [matchId]);
  if (!row) {
    const match = await tx.query(MATCH_EXISTS, [matchId]);
    if (match.length === 0) throw new ResourceNotFoundError('match', matchId);
    throw new ConflictError(`match ${matchId} has no result to correct; record it with POST first`);
  }
  const { winnerId, method, completedAt, revision, lastEventId } = row;
  return { ...cornersOf(matchId, row), result: { winnerId, method, completedAt, revision, lastEventId } };
}
