import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { IsIsoDateTime, IsSlug } from '../http/validation';

export class ScheduleMatchDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Generated when absent' })
  @ValidateIf((_, value) => value !== undefined)
  @IsUUID('all', { message: 'id must be a UUID' })
  id?: string;

  @ApiProperty({ example: 'elite-men', pattern: '^[a-z0-9-]{1,64}$' })
  @IsSlug()
  divisionId!: string;

  @ApiProperty({ example: 'ana-silva', pattern: '^[a-z0-9-]{1,64}$' })
  @IsSlug()
  redAthleteId!: string;

  @ApiProperty({ example: 'bia-souza', pattern: '^[a-z0-9-]{1,64}$' })
  @IsSlug()
  blueAthleteId!: string;

  @ApiPropertyOptional({ example: '2026-11-22T18:00:00Z', format: 'date-time', nullable: true })
  @IsOptional()
  @IsIsoDateTime()
  scheduledAt?: string | null;
}
