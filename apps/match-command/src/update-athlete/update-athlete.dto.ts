import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO31661Alpha2, ValidateIf } from 'class-validator';
import { IsText, ToUpperCase } from '../http/validation';

const present = (_: object, value: unknown) => value !== undefined;

/** Any of the fields; an absent field keeps its value, `null` is not a value. */
export class UpdateAthleteDto {
  @ApiPropertyOptional({ example: 'Ana Silva', minLength: 1, maxLength: 120 })
  @ValidateIf(present)
  @IsText(1, 120)
  name?: string;

  @ApiPropertyOptional({ example: 'featherweight', minLength: 1, maxLength: 40 })
  @ValidateIf(present)
  @IsText(1, 40)
  weightClass?: string;

  @ApiPropertyOptional({ example: 'PT', description: 'ISO 3166-1 alpha-2, any case; stored upper-case' })
  @ValidateIf(present)
  @ToUpperCase()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 country code' })
  country?: string;
}
