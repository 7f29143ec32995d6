import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newEventStamp } from '../outbox/build-event';
import { insertOnce } from '../outbox/insert-once';
import { CommandResult, OutboxWriter } from '../outbox/outbox-writer';
import { ScheduleMatchDto } from './schedule-match.dto';
import {
  decideScheduleMatch,
  MatchScheduledResponse,
  ScheduleMatchCommand,
  ScheduleMatchState,
  StoredMatch,
} from './schedule-match.command';

type StateRow = Omit<ScheduleMatchState, 'existing'> & {
  existing: (Omit<StoredMatch, 'scheduledAt'> & { scheduledAt: string | null }) | null;
};

@Injectable()
export class ScheduleMatchHandler {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(body: ScheduleMatchDto): Promise<CommandResult<MatchScheduledResponse>> {
    const command: ScheduleMatchCommand = {
      id: body.id?.toLowerCase() ?? randomUUID(),
      divisionId: body.divisionId,
      redAthleteId: body.redAthleteId,
      blueAthleteId: body.blueAthleteId,
      scheduledAt: body.scheduledAt ? new Date(body.scheduledAt) : null,
    };
    const stamp = newEventStamp();
    return insertOnce({
      load: () => this.loadState(command),
      decide: (state) => decideScheduleMatch(command, state, stamp),
      insert: (event) =>
        this.outbox.insertWithEvent(
          {
            sql: `INSERT INTO matches (id, division_id, red_athlete_id, blue_athlete_id, scheduled_at, created_event_id)
                  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
            params: [
              command.id,
              command.divisionId,
              command.redAthleteId,
              command.blueAthleteId,
              command.scheduledAt?.toISOString() ?? null,
              stamp.eventId,
            ],
          },
          event,
        ),
    });
  }

  /** Everything the decision needs in one round-trip. */
  private async loadState(command: ScheduleMatchCommand): Promise<ScheduleMatchState> {
    const rows: StateRow[] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM divisions WHERE id = $2) AS "divisionExists",
              (SELECT division_id FROM athletes WHERE id = $3) AS "redDivisionId",
              (SELECT division_id FROM athletes WHERE id = $4) AS "blueDivisionId",
              (SELECT json_build_object('divisionId', division_id, 'redAthleteId', red_athlete_id,
                                        'blueAthleteId', blue_athlete_id, 'scheduledAt', scheduled_at,
                                        'createdEventId', created_event_id)
                 FROM matches WHERE id = $1) AS existing`,
      [command.id, command.divisionId, command.redAthleteId, command.blueAthleteId],
    );
    const { existing, ...references } = rows[0];
    return {
      ...references,
      existing: existing && { ...existing, scheduledAt: existing.scheduledAt === null ? null : new Date(existing.scheduledAt) },
    };
  }
}
