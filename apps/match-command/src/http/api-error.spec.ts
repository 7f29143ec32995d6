import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import {
  ConflictError,
  InvalidCommandError,
  ResourceNotFoundError,
  UnknownReferenceError,
  UnprocessableCommandError,
} from '../domain/command-errors';
import { toApiError } from './api-error';

describe('toApiError', () => {
  it.each([
    [new InvalidCommandError('red and blue must differ'), 400, 'Bad Request'],
    [new ResourceNotFoundError('match', 'm1'), 404, 'Not Found'],
    [new UnknownReferenceError('divisionId', 'division', 'd1'), 422, 'Unprocessable Entity'],
    [new UnprocessableCommandError('winner is not in the match'), 422, 'Unprocessable Entity'],
    [new ConflictError('already recorded'), 409, 'Conflict'],
  ])('maps the command error %p to its contract status', (error, statusCode, text) => {
    expect(toApiError(error)).toEqual({ statusCode, error: text, message: error.message });
  });

  it('keeps the list of validation messages as an array', () => {
    const error = new BadRequestException(['name must be shorter than or equal to 120 characters']);
    expect(toApiError(error)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['name must be shorter than or equal to 120 characters'],
    });
  });

  it('uses the text of framework errors such as an unknown route or a body over the limit', () => {
    expect(toApiError(new NotFoundException('Cannot GET /nope'))).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /nope' });
    expect(toApiError(new HttpException('Request body is too large', 413))).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body is too large',
    });
    expect(toApiError(new PayloadTooLargeException()).statusCode).toBe(413);
  });

  it('hides the details of unexpected failures behind a 500', () => {
    expect(toApiError(new Error('password authentication failed for user "postgres"'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
  });
});
