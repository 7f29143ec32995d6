import { isoInstant, nullable, objectBody, slug, uuid } from '../http/body-schema';

export const scheduleMatchBody = objectBody(
  {
    id: { ...uuid('id'), description: 'Generated when absent' },
    divisionId: slug('divisionId', 'elite-men'),
    redAthleteId: slug('redAthleteId', 'ana-silva'),
    blueAthleteId: slug('blueAthleteId', 'bia-souza'),
    scheduledAt: nullable(
      isoInstant('scheduledAt', '2026-11-22T18:00:00Z'),
      {},
      'When the match is planned; null or absent when not yet known',
    ),
  },
  ['divisionId', 'redAthleteId', 'blueAthleteId'],
);

export interface ScheduleMatchBody {
  id?: string;
  divisionId: string;
  redAthleteId: string;
  blueAthleteId: string;
  scheduledAt?: string | null;
}
