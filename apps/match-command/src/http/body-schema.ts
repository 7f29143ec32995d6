import Ajv, { type ErrorObject, type SchemaObject } from 'ajv';
import { isISO31661Alpha2 } from 'class-validator';
import { MATCH_METHODS } from '@app/contracts';
import { isInStorableRange, isIsoDateTime } from './iso-instant';

/**
 * The JSON schemas of the write API's bodies: validated by Fastify (through the one Ajv
 * instance below, each schema compiled once at start-up) and published as they are in
 * the OpenAPI document, so the documentation is the validation.
 *
 * Each property carries `x-messages`: the sentence a client reads when the property is
 * wrong (`default`) or breaks one particular keyword; a missing property reads
 * "<name> is required" followed by its `default` rule. The messages
 * are the contract's clear ones ("country must be an ISO 3166-1 alpha-2 country code"),
 * not Ajv's generic "must match pattern".
 */
export type Messages = { default: string } & Partial<Record<string, string>>;
export type PropertySchema = SchemaObject & { 'x-messages': Messages };

export interface BodySchema extends SchemaObject {
  type: 'object';
  properties: Record<string, PropertySchema>;
  required: string[];
  additionalProperties: false;
}

export const SLUG_PATTERN = '^[a-z0-9-]{1,64}$';

export function slug(name: string, example: string): PropertySchema {
  return {
    type: 'string',
    pattern: SLUG_PATTERN,
    example,
    'x-messages': { default: `${name} must match [a-z0-9-]{1,64}` },
  };
}

/**
 * Free text such as names: `min..max` characters with something other than white space
 * in it, and no NUL (Postgres `text` cannot store it; letting it through turned a
 * client's mistake into a 500).
 */
export function text(name: string, min: number, max: number, example: string): PropertySchema {
  return {
    type: 'string',
    minLength: min,
    maxLength: max,
    pattern: '^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$',
    example,
    'x-messages': {
      default: `${name} must be a string`,
      minLength: `${name} must be longer than or equal to ${min} characters`,
      maxLength: `${name} must be shorter than or equal to ${max} characters`,
      pattern: `${name} must not be blank or contain NUL characters`,
    },
  };
}

export function country(name: string): PropertySchema {
  return {
    type: 'string',
    pattern: '^[A-Za-z]{2}$',
    'x-country': true,
    example: 'BR',
    description: 'ISO 3166-1 alpha-2, any case; stored upper-case',
    'x-messages': { default: `${name} must be an ISO 3166-1 alpha-2 country code` },
  };
}

/** The earliest and latest instants every store and every consumer handles (see iso-instant.ts). */
export function isoInstant(name: string, example: string): PropertySchema {
  return {
    type: 'string',
    format: 'date-time',
    'x-date-time': true,
    'x-instant': true,
    example,
    'x-messages': {
      default: `${name} must be an ISO-8601 date-time with a time zone, e.g. 2026-11-22T18:00:00Z`,
      'x-instant': `${name} must be an ISO-8601 date-time with a time zone between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z`,
    },
  };
}

export function uuid(name: string): PropertySchema {
  return {
    type: 'string',
    format: 'uuid',
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    'x-messages': { default: `${name} must be a UUID` },
  };
}

export function matchMethod(name: string): PropertySchema {
  return {
    type: 'string',
    enum: [...MATCH_METHODS],
    example: 'KO',
    'x-messages': { default: `${name} must be one of ${MATCH_METHODS.join(', ')}` },
  };
}

export function nullable(schema: PropertySchema, messages: Partial<Messages>, description?: string): PropertySchema {
  return {
    ...schema,
    nullable: true,
    ...(description && { description }),
    'x-messages': { ...schema['x-messages'], ...messages },
  };
}

export function objectBody(properties: Record<string, PropertySchema>, required: string[]): BodySchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** Write routes take no query parameters; one sent anyway is refused like an unknown field. */
export const NO_QUERY: SchemaObject = { type: 'object', additionalProperties: false, maxProperties: 0 };

/**
 * One Ajv for the app: every error at once (`allErrors`), no coercion (7 is not a
 * name), nothing removed or defaulted (an unknown field is an error, not dropped).
 * Formats are documentation here; the date-time rule is `x-instant`.
 */
export const ajv = new Ajv({
  allErrors: true,
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: false,
  validateFormats: false,
  strictSchema: true,
  messages: false,
});
ajv.addVocabulary(['x-messages', 'example']);
ajv.addKeyword({
  keyword: 'x-country',
  type: 'string',
  schemaType: 'boolean',
  errors: false,
  validate: (_: boolean, value: string) => isISO31661Alpha2(value),
});
ajv.addKeyword({
  keyword: 'x-date-time',
  type: 'string',
  schemaType: 'boolean',
  errors: false,
  validate: (_: boolean, value: string) => isIsoDateTime(value),
});
ajv.addKeyword({
  keyword: 'x-instant',
  type: 'string',
  schemaType: 'boolean',
  errors: false,
  validate: (_: boolean, value: string) => isInStorableRange(value),
});

/** The messages of a failed validation, one per problem, in the order of the schema's properties. */
export function messagesOf(schema: SchemaObject, errors: readonly ErrorObject[], part: 'body' | 'querystring'): string[] {
  const messages = new Set<string>();
  for (const error of errors) for (const message of messagesOfError(schema, error, part)) messages.add(message);
  return [...messages];
}

function messagesOfError(schema: SchemaObject, error: ErrorObject, part: 'body' | 'querystring'): string[] {
  const properties = (schema.properties ?? {}) as Record<string, PropertySchema>;
  if (error.instancePath === '' && error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    const rule = properties[missing]?.['x-messages'].default;
    return rule ? [`${missing} is required`, rule] : [`${missing} is required`];
  }
  return [messageOf(properties, error, part)];
}

function messageOf(properties: Record<string, PropertySchema>, error: ErrorObject, part: 'body' | 'querystring'): string {
  if (error.instancePath === '') {
    if (error.keyword === 'additionalProperties') {
      const extra = shown((error.params as { additionalProperty: string }).additionalProperty);
      return part === 'body' ? `property ${extra} should not exist` : `query parameter ${extra} is not accepted`;
    }
    if (error.keyword === 'maxProperties') return 'query parameters are not accepted by write routes';
    return part === 'body' ? 'body must be a JSON object' : 'query must be empty';
  }
  const name = decodePointer(error.instancePath);
  const messages = properties[name]?.['x-messages'];
  if (!messages) return `${name} is invalid`;
  return messages[error.keyword] ?? messages.default;
}

/** Names echoed back are capped: a hostile client may send a 60 KiB key. */
function shown(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}

function decodePointer(pointer: string): string {
  return pointer.slice(1).split('/')[0].replace(/~1/g, '/').replace(/~0/g, '~');
}
