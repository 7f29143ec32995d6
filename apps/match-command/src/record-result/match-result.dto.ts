import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn, ValidateIf } from 'class-validator';
import { MATCH_METHODS, type MatchMethod } from '@app/contracts';
import { IsIsoDateTime, IsSlug } from '../http/validation';

/** The body of both POST (record) and PUT (correct) /matches/:id/result. */
export class MatchResultDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ana-silva',
    description: 'One of the two athletes; null exactly when method is DRAW',
  })
  @ValidateIf((_, value) => value !== null)
  @IsDefined({ message: 'winnerId must be an athlete id or null' })
  @IsSlug()
  winnerId!: string | null;

  @ApiProperty({ enum: MATCH_METHODS, example: 'KO' })
  @IsIn(MATCH_METHODS, { message: `method must be one of ${MATCH_METHODS.join(', ')}` })
  method!: MatchMethod;

  @ApiProperty({ example: '2026-11-22T18:00:00Z', format: 'date-time' })
  @IsIsoDateTime()
  completedAt!: string;
}

/** The command both result use cases act on: the match named in the path and the body's values. */
export function resultCommandFrom(matchIdFromPath: string, body: MatchResultDto) {
  return { matchId: matchIdFromPath, winnerId: body.winnerId, method: body.method, completedAt: new Date(body.completedAt) };
}
