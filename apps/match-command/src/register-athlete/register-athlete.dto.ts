import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO31661Alpha2, ValidateIf } from 'class-validator';
import { IsSlug, IsText, ToUpperCase } from '../http/validation';

export class RegisterAthleteDto {
  @ApiPropertyOptional({ example: 'ana-silva', pattern: '^[a-z0-9-]{1,64}$', description: 'Generated (a UUID) when absent' })
  @ValidateIf((_, value) => value !== undefined)
  @IsSlug()
  id?: string;

  @ApiProperty({ example: 'Ana Silva', minLength: 1, maxLength: 120 })
  @IsText(1, 120)
  name!: string;

  @ApiProperty({ example: 'elite-women', pattern: '^[a-z0-9-]{1,64}$' })
  @IsSlug()
  divisionId!: string;

  @ApiProperty({ example: 'lightweight', minLength: 1, maxLength: 40 })
  @IsText(1, 40)
  weightClass!: string;

  @ApiProperty({ example: 'BR', description: 'ISO 3166-1 alpha-2, any case; stored upper-case' })
  @ToUpperCase()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country!: string;
}
