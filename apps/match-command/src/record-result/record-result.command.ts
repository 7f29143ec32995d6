import { Command } from '@nestjs/cqrs';
import type { CommandResult, ResultChanged } from '../domain/change';
import { matchIdFromPath } from '../domain/path-ids';
import type { RecordResultInput } from '../domain/record-result.decide';
import { type MatchResultBody, resultValuesOf } from '../match-result/match-result.body';

export class RecordResultCommand extends Command<CommandResult<ResultChanged>> {
  constructor(readonly input: RecordResultInput) {
    super();
  }

  /** A match id that cannot exist is a 404 here, before any database work. */
  static from(pathId: string, body: MatchResultBody): RecordResultCommand {
    return new RecordResultCommand({ matchId: matchIdFromPath(pathId), ...resultValuesOf(body) });
  }
}
