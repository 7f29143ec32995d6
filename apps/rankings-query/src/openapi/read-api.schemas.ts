import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/**
 * Response shapes of the read API (CONTRACT §4) for the OpenAPI document only: the
 * handlers return the library types these mirror, and the OpenAPI test checks them.
 */
@ApiSchema({ name: 'RankingEntry' })
export class RankingEntrySchema {
  @ApiProperty({ example: 1, description: '1-based position in the division order (points desc, wins desc, losses asc, athleteId asc), also when a filter narrows the list' })
  rank!: number;
  @ApiProperty({ example: 'a1' }) athleteId!: string;
  @ApiProperty({ example: 'Ana Silva' }) name!: string;
  @ApiProperty({ example: 'BR', description: 'ISO 3166-1 alpha-2' }) country!: string;
  @ApiProperty({ example: 'elite-women' }) divisionId!: string;
  @ApiProperty({ example: 'lightweight' }) weightClass!: string;
  @ApiProperty({ example: 7, description: 'win 3, draw 1, loss 0' }) points!: number;
  @ApiProperty({ example: 2 }) wins!: number;
  @ApiProperty({ example: 0 }) losses!: number;
  @ApiProperty({ example: 1 }) draws!: number;
  @ApiProperty({ example: 3 }) matches!: number;
  @ApiProperty({ example: ['W', 'D', 'W'], enum: ['W', 'L', 'D'], isArray: true, description: 'Last five completed matches, newest first' })
  recentForm!: string[];
  @ApiProperty({ example: '2026-11-22T18:00:00.000Z', nullable: true, type: String }) lastMatchAt!: string | null;
}

@ApiSchema({ name: 'RankingsPage' })
export class RankingsPageSchema {
  @ApiProperty({ type: [RankingEntrySchema] }) items!: RankingEntrySchema[];
  @ApiProperty({ example: 42, description: 'Athletes matching the filters' }) total!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}

@ApiSchema({ name: 'LeaderboardItem' })
export class LeaderboardItemSchema {
  @ApiProperty({ example: 1 }) rank!: number;
  @ApiProperty({ example: 'a1' }) athleteId!: string;
  @ApiProperty({ example: 'Ana Silva' }) name!: string;
  @ApiProperty({ example: 7 }) points!: number;
}

@ApiSchema({ name: 'Leaderboard' })
export class LeaderboardSchema {
  @ApiProperty({ example: 'elite-women' }) divisionId!: string;
  @ApiProperty({ type: [LeaderboardItemSchema] }) items!: LeaderboardItemSchema[];
}

@ApiSchema({ name: 'DivisionStats' })
export class DivisionStatsSchema {
  @ApiProperty({ example: 'elite-women' }) divisionId!: string;
  @ApiProperty({ example: 24, description: 'Registered athletes' }) athletes!: number;
  @ApiProperty({ example: 57, description: 'Matches with a result' }) matchesCompleted!: number;
  @ApiProperty({ example: '2026-11-22T18:00:00.000Z', nullable: true, type: String }) lastMatchAt!: string | null;
}

@ApiSchema({ name: 'ProjectionReport' })
export class ProjectionReportSchema {
  @ApiProperty({ example: 'redis' }) name!: string;
  @ApiProperty({ enum: ['live', 'stale', 'paused', 'rebuilding'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) lastEventOccurredAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastAppliedAt!: string | null;
  @ApiProperty({ example: 0, description: 'Age of the oldest committed event the projection has not stored yet; 0 when none is pending' })
  freshnessLagMs!: number;
  @ApiProperty({ enum: ['closed', 'open', 'half-open'] }) breaker!: string;
}

@ApiSchema({ name: 'Error' })
export class ErrorSchema {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: ['size must not be greater than 100'] })
  message!: string | string[];
}

@ApiSchema({ name: 'Health' })
export class HealthSchema {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status!: string;
  @ApiPropertyOptional({ description: 'Checks that are up, by name', type: 'object', additionalProperties: true }) info?: object;
  @ApiPropertyOptional({ description: 'Checks that are down, by name, each with its reason in `message`', type: 'object', additionalProperties: true })
  error?: object;
  @ApiPropertyOptional({ description: 'Every check', type: 'object', additionalProperties: true }) details?: object;
}
