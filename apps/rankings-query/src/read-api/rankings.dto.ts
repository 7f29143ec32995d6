import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ReadOptionsDto } from './read-options.dto';

const SLUG = /^[a-z0-9-]{1,64}$/;

export class RankingsQueryDto extends ReadOptionsDto {
  @IsString()
  @Matches(SLUG, { message: 'divisionId must match [a-z0-9-]{1,64}' })
  divisionId!: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  weightClass?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size: number = 20;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
}

export class LeaderboardQueryDto extends ReadOptionsDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  top: number = 10;
}
