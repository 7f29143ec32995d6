import { Command } from '@nestjs/cqrs';
import type { CommandResult, ResultChanged } from '../domain/change';
import type { CorrectResultInput } from '../domain/correct-result.decide';
import { matchIdFromPath } from '../domain/path-ids';
import { type MatchResultBody, resultValuesOf } from '../match-result/match-result.body';

export class CorrectResultCommand extends Command<CommandResult<ResultChanged>> {
  constructor(readonly input: CorrectResultInput) {
    super();
  }

  /** A match id that cannot exist is a 404 here, before any database work. */
  static from(pathId: string, body: MatchResultBody): CorrectResultCommand {
    return new CorrectResultCommand({ matchId: matchIdFromPath(pathId), ...resultValuesOf(body) });
  }
}
