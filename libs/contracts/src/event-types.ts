import { z } from 'zod';

/** Ids and values shared by the write API and the events. */
export const slugSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must match [a-z0-9-]{1,64}');
export const isoDateTime = z.string().datetime({ offset: true });
export const MATCH_METHODS = ['KO', 'TKO', 'SUBMISSION', 'DECISION', 'DQ', 'DRAW'] as const;
export type MatchMethod = (typeof MATCH_METHODS)[number];

export const EVENT_TYPES = [
  'DivisionCreated',
  'AthleteRegistered',
  'AthleteUpdated',
  'MatchScheduled',
  'MatchCompleted',
  'MatchResultCorrected',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** An athlete's full profile: what a registration carries and every update carries again. */
const athleteProfileShape = {
  athleteId: slugSchema,
  divisionId: slugSchema,
  name: z.string().min(1),
  weightClass: z.string().min(1),
  country: z.string().regex(/^[A-Z]{2}$/),
};

/**
 * Payloads at their current schema version. Events carry full state rather than deltas
 * (an AthleteUpdated has every field, a result names both athletes) so that a consumer
 * that meets an update before the thing it updates can still build a correct record.
 */
export const eventDataSchemas = {
  DivisionCreated: z.object({ divisionId: slugSchema, name: z.string().min(1) }).strict(),
  AthleteRegistered: z.object(athleteProfileShape).strict(),
  AthleteUpdated: z
    .object({
      ...athleteProfileShape,
      /** Increments with every change of the athlete; consumers keep the highest. */
      revision: z.number().int().positive(),
    })
    .strict(),
  MatchScheduled: z
    .object({
      matchId: z.string().uuid(),
      divisionId: slugSchema,
      redAthleteId: slugSchema,
      blueAthleteId: slugSchema,
      scheduledAt: isoDateTime.nullable(),
    })
    .strict(),
  MatchCompleted: resultSchema(),
  MatchResultCorrected: resultSchema(),
} as const;

function resultSchema() {
  return z
    .object({
      matchId: z.string().uuid(),
      divisionId: slugSchema,
      redAthleteId: slugSchema,
      blueAthleteId: slugSchema,
      winnerId: slugSchema.nullable(),
      method: z.enum(MATCH_METHODS),
      completedAt: isoDateTime,
      /** 1 for the first result, +1 per correction; consumers keep the highest per match. */
      revision: z.number().int().positive(),
    })
    .strict();
}

export type EventData<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]>;
export type DivisionCreatedData = EventData<'DivisionCreated'>;
export type AthleteRegisteredData = EventData<'AthleteRegistered'>;
export type AthleteUpdatedData = EventData<'AthleteUpdated'>;
export type MatchScheduledData = EventData<'MatchScheduled'>;
export type MatchResultData = EventData<'MatchCompleted'>;
