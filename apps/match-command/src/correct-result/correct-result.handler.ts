import { Injectable } from '@nestjs/common';
import type { MatchMethod } from '@app/contracts';
import { ConflictError, ResourceNotFoundError } from '../domain/command-errors';
import type { MatchCorners } from '../domain/match-result';
import { newEventStamp } from '../outbox/build-event';
import { CommandResult, OutboxWriter, Tx } from '../outbox/outbox-writer';
import { cornersOf, MATCH_COLUMNS, MatchRow, matchIdFromPath } from '../record-result/load-match';
import { MatchResultDto, resultCommandFrom } from '../record-result/match-result.dto';
import type { MatchResultResponse } from '../record-result/record-result.command';
import { CorrectResultCommand, CurrentResult, decideCorrectResult } from './correct-result.command';

@Injectable()
export class CorrectResultHandler {
  constructor(private readonly outbox: OutboxWriter) {}

  async execute(matchId: string, body: MatchResultDto): Promise<CommandResult<MatchResultResponse>> {
    const command: CorrectResultCommand = resultCommandFrom(matchIdFromPath(matchId), body);
    const stamp = newEventStamp();
    return this.outbox.recordChange(async (tx) => {
      const match = await lockResult(tx, command.matchId);
      const change = decideCorrectResult(command, match, stamp);
      if (change.kind === 'applied') {
        await tx.query(
          `UPDATE match_results SET winner_id = $2, method = $3, completed_at = $4, revision = revision + 1,
                  last_event_id = $5, updated_at = now()
            WHERE match_id = $1`,
          [command.matchId, command.winnerId, command.method, command.completedAt.toISOString(), stamp.eventId],
        );
      }
      return change;
    });
  }
}

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
async function lockResult(tx: Tx, matchId: string): Promise<MatchCorners & { result: CurrentResult }> {
  const { rows } = await tx.query<LockedRow>(
    `SELECT ${MATCH_COLUMNS}, r.winner_id AS "winnerId", r.method, r.completed_at AS "completedAt",
            r.revision, r.last_event_id AS "lastEventId"
       FROM match_results r JOIN matches m ON m.id = r.match_id
      WHERE r.match_id = $1
        FOR UPDATE OF r`,
    [matchId],
  );
  const row = rows[0];
  if (!row) {
    const match = await tx.query(`SELECT 1 FROM matches WHERE id = $1`, [matchId]);
    if (match.rowCount === 0) throw new ResourceNotFoundError('match', matchId);
    throw new ConflictError(`match ${matchId} has no result to correct; record it with POST first`);
  }
  const { winnerId, method, completedAt, revision, lastEventId } = row;
  return { ...cornersOf(matchId, row), result: { winnerId, method, completedAt, revision, lastEventId } };
}
