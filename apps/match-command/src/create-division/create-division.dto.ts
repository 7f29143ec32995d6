import { ApiProperty } from '@nestjs/swagger';
import { IsSlug, IsText } from '../http/validation';

export class CreateDivisionDto {
  @ApiProperty({ example: 'elite-men', pattern: '^[a-z0-9-]{1,64}$' })
  @IsSlug()
  id!: string;

  @ApiProperty({ example: 'Elite men', minLength: 1, maxLength: 120 })
  @IsText(1, 120)
  name!: string;
}
