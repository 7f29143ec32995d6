import { applyDecorators, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Length, ValidateBy, ValidationOptions } from 'class-validator';
import { isoDateTime, slugSchema } from '@app/contracts';

/**
 * Bodies are validated against their DTO class: unknown fields are an error (not silently
 * dropped), and every problem is reported at once as an array of messages.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
  });
}

/** `[a-z0-9-]{1,64}`, the id format shared with the events (libs/contracts). */
export function IsSlug(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSlug',
      validator: {
        validate: (value: unknown) => slugSchema.safeParse(value).success,
        defaultMessage: (args) => `${args?.property ?? 'value'} must match [a-z0-9-]{1,64}`,
      },
    },
    options,
  );
}

/**
 * An ISO-8601 date-time with a time zone (`Z` or `±hh:mm`), the format the events carry.
 * A local time without an offset is refused: its instant would depend on the server's zone.
 */
export function IsIsoDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDateTime',
      validator: {
        validate: (value: unknown) => isoDateTime.safeParse(value).success,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an ISO-8601 date-time with a time zone, e.g. 2026-11-22T18:00:00Z`,
      },
    },
    options,
  );
}

/**
 * Free text such as names: a string of `min..max` characters with something in it. NUL is
 * refused here because Postgres cannot store it in `text`; letting it through would turn
 * a client's mistake into a 500.
 */
export function IsText(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Length(min, max),
    ValidateBy({
      name: 'isText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0 && !value.includes('\u0000'),
        defaultMessage: (args) => `${args?.property ?? 'value'} must not be blank or contain NUL characters`,
      },
    }),
  );
}

/** Country codes are accepted in any case and stored upper-case, as the events require. */
export const ToUpperCase = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value));
