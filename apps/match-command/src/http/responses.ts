import { ApiProperty } from '@nestjs/swagger';

/** Answer to creating or changing a division, athlete or match. */
export class ResourceResponse {
  @ApiProperty({ example: 'elite-men' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The event describing the change; pass it as waitFor to the read API' })
  eventId!: string;
}

/** Answer to recording or correcting a match result. */
export class MatchResultResponse {
  @ApiProperty({ format: 'uuid' }) matchId!: string;
  @ApiProperty({ format: 'uuid', description: 'The event describing the result; pass it as waitFor to the read API' })
  eventId!: string;
}

export class ApiErrorResponse {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }) message!: string | string[];
}
