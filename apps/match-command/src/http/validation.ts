import { ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
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

/** Names are stored as given but must have something in them. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: (args) => `${args?.property ?? 'value'} must not be blank`,
      },
    },
    options,
  );
}

/** Country codes are accepted in any case and stored upper-case, as the events require. */
export const ToUpperCase = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value));
