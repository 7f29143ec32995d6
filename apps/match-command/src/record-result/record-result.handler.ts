import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newEventStamp } from '../domain/build-event';
import type { CommandResult, ResultChanged } from '../domain/change';
import { assertCompletedInThePast } from '../domain/match-result';
import { RecordResultBatcher } from './record-result.batcher';
import { RecordResultCommand } from './record-result.command';

/**
 * The hot path. What needs no stored state is refused here; the rest goes through the
 * group commit (RecordResultBatcher): concurrent recordings share one read and one
 * insert statement. No lock is needed: the result's primary key lets exactly one of many
 * concurrent recordings insert; the others settle as replay or conflict.
 */
@CommandHandler(RecordResultCommand)
export class RecordResultHandler implements ICommandHandler<RecordResultCommand, CommandResult<ResultChanged>> {
  constructor(private readonly batcher: RecordResultBatcher) {}

  execute({ input }: RecordResultCommand): Promise<CommandResult<ResultChanged>> {
    const stamp = newEventStamp();
    assertCompletedInThePast(input, stamp.occurredAt);
    return this.batcher.record(input, stamp);
  }
}
