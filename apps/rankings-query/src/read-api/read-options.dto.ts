import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** `waitFor` / `waitMs`, accepted by every read endpoint (CONTRACT §4). */
export class ReadOptionsDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An eventId returned by the write API: answer once the projection serving this read has stored it (read-your-own-writes)',
  })
  @IsOptional()
  @IsUUID()
  waitFor?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 10_000, default: 2000, description: 'How long `waitFor` may wait, ms; then the answer carries X-Projection-Stale: true' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  waitMs?: number;
}
