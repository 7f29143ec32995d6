import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class LeaderboardStreamQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10, description: 'How many leaders each event carries' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  top: number = 10;
}
