import { AthleteEntity } from './athlete.entity';
import { DivisionEntity } from './division.entity';
import { MatchResultEntity } from './match-result.entity';
import { MatchEntity } from './match.entity';
import { OutboxEventEntity } from './outbox-event.entity';

export { AthleteEntity, DivisionEntity, MatchEntity, MatchResultEntity, OutboxEventEntity };
export const entities = [DivisionEntity, AthleteEntity, MatchEntity, MatchResultEntity, OutboxEventEntity];
