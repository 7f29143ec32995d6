import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** `waitFor` / `waitMs`, accepted by every read endpoint (CONTRACT §4). */
export class ReadOptionsDto {
  @IsOptional()
  @IsUUID()
  waitFor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  waitMs?: number;
}
