import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { RANKINGS_PAGE_DEFAULT } from '@app/cache';
import { ReadOptionsDto } from './read-options.dto';

const SLUG = /^[a-z0-9-]{1,64}$/;

export class RankingsQueryDto extends ReadOptionsDto {
  @ApiProperty({ pattern: '^[a-z0-9-]{1,64}$', example: 'elite-women', description: 'The division to list (required)' })
  @IsString()
  @Matches(SLUG, { message: 'divisionId must match [a-z0-9-]{1,64}' })
  divisionId!: string;

  @ApiPropertyOptional({ maxLength: 40, example: 'lightweight', description: 'Only athletes of this weight class (ranks stay division-wide)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  weightClass?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    example: 'ana sil',
    description: 'Names containing every word, case- and accent-insensitive, the last word also as a prefix (ranks stay division-wide)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: RANKINGS_PAGE_DEFAULT, description: 'Items per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size: number = RANKINGS_PAGE_DEFAULT;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page (opaque); a malformed cursor is a 400' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}

export class LeaderboardQueryDto extends ReadOptionsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10, description: 'How many leaders' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  top: number = 10;
}
