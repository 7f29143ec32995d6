import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newEventStamp } from '../domain/build-event';
import type { CommandResult, ResourceChanged } from '../domain/change';
import { decideScheduleMatch, type ScheduleMatchState, type StoredMatch } from '../domain/schedule-match.decide';
import { Database, statement } from '../persistence/database';
import { insertOnce } from '../persistence/insert-once';
import { OutboxWriter } from '../persistence/outbox-writer';
import { ScheduleMatchCommand } from './schedule-match.command';

type StateRow = Omit<ScheduleMatchState, 'existing'> & {
  existing: (Omit<StoredMatch, 'scheduledAt'> & { scheduledAt: string | null }) | null;
};

/** Everything the decision needs in one round-trip. */
const LOAD_STATE = statement(
  'schedule-match:load',
  `SELECT EXISTS (SELECT 1 FROM divisions WHERE id = $2) AS "divisionExists",
          (SELECT division_id FROM athletes WHERE id = $3) AS "redDivisionId",
          (SELECT division_id FROM athletes WHERE id = $4) AS "blueDivisionId",
          (SELECT json_build_object('divisionId', division_id, 'redAthleteId', red_athlete_id,
                                    'blueAthleteId', blue_athlete_id, 'scheduledAt', scheduled_at,
                                    'createdEventId', created_event_id)
             FROM matches WHERE id = $1) AS existing`,
);

@CommandHandler(ScheduleMatchCommand)
export class ScheduleMatchHandler implements ICommandHandler<ScheduleMatchCommand, CommandResult<ResourceChanged>> {
  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxWriter,
  ) {}

  execute({ input }: ScheduleMatchCommand): Promise<CommandResult<ResourceChanged>> {
    const stamp = newEventStamp();
    return insertOnce({
      load: () => this.loadState(input.id, input.divisionId, input.redAthleteId, input.blueAthleteId),
      decide: (state) => decideScheduleMatch(input, state, stamp),
      insert: (event) =>
        this.outbox.insertWithEvent(
          {
            name: 'schedule-match:insert',
            sql: `INSERT INTO matches (id, division_id, red_athlete_id, blue_athlete_id, scheduled_at, created_event_id)
                  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
            params: [
              input.id,
              input.divisionId,
              input.redAthleteId,
              input.blueAthleteId,
              input.scheduledAt?.toISOString() ?? null,
              stamp.eventId,
            ],
          },
          event,
        ),
    });
  }

  private async loadState(...ids: [match: string, division: string, red: string, blue: string]): Promise<ScheduleMatchState> {
    const [{ existing, ...references }] = await this.db.query<StateRow>(LOAD_STATE, ids);
    return {
      ...references,
      existing: existing && { ...existing, scheduledAt: existing.scheduledAt === null ? null : new Date(existing.scheduledAt) },
    };
  }
}
