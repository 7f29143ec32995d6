import { randomUUID } from 'node:crypto';
import { Command } from '@nestjs/cqrs';
import type { CommandResult, ResourceChanged } from '../domain/change';
import type { ScheduleMatchInput } from '../domain/schedule-match.decide';
import type { ScheduleMatchBody } from './schedule-match.body';

export class ScheduleMatchCommand extends Command<CommandResult<ResourceChanged>> {
  constructor(readonly input: ScheduleMatchInput) {
    super();
  }

  static from(body: ScheduleMatchBody): ScheduleMatchCommand {
    return new ScheduleMatchCommand({
      id: body.id?.toLowerCase() ?? randomUUID(),
      divisionId: body.divisionId,
      redAthleteId: body.redAthleteId,
      blueAthleteId: body.blueAthleteId,
      scheduledAt: body.scheduledAt ? new Date(body.scheduledAt) : null,
    });
  }
}
