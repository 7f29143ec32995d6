import { eventDataSchemas, EventType } from './event-types';
import { AnyEvent, CURRENT_SCHEMA_VERSION, envelopeSchema, isKnownEventType } from './envelope';
import { Upcasters, upcasters as defaultUpcasters } from './upcasters';

/**
 * What a consumer can do with a message:
 * - `event`: apply it;
 * - `ignored`: a well-formed envelope this consumer cannot apply (an unknown type, or a
 *   schemaVersion newer than it knows): skip it, count it, keep the partition moving;
 * - `invalid`: unparseable or breaking the contract: send it to the dead-letter topic.
 */
export type ParsedMessage =
  | { kind: 'event'; event: AnyEvent }
  | { kind: 'ignored'; reason: string; eventId: string; type: string }
  | { kind: 'invalid'; reason: string };

/**
 * The versions a consumer reads at and the steps that lift older ones. Passed in (the
 * defaults are today's tables) so a test of a future version builds its own table instead
 * of mutating the exported, frozen CURRENT_SCHEMA_VERSION.
 */
export interface SchemaTable {
  versions: Readonly<Record<EventType, number>>;
  upcasters: Upcasters;
}

const CURRENT_TABLE: SchemaTable = { versions: CURRENT_SCHEMA_VERSION, upcasters: defaultUpcasters };

export function parseEvent(value: Buffer | string | null | undefined, table: SchemaTable = CURRENT_TABLE): ParsedMessage {
  const { versions, upcasters } = table;
  if (value === null || value === undefined || value.length === 0) return { kind: 'invalid', reason: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    return { kind: 'invalid', reason: `value is not JSON: ${(error as Error).message}` };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { kind: 'invalid', reason: `envelope: ${formatIssues(envelope.error.issues)}` };
  const { type, schemaVersion, eventId } = envelope.data;
  if (!isKnownEventType(type)) return { kind: 'ignored', reason: `unknown event type ${type}`, eventId, type };
  const current = versions[type];
  if (schemaVersion > current) {
    return { kind: 'ignored', reason: `${type} schemaVersion ${schemaVersion} is newer than ${current}`, eventId, type };
  }
  let data: Record<string, unknown> = envelope.data.data;
  for (let version = schemaVersion; version < current; version++) {
    const upcast = upcasters[type]?.[version];
    if (!upcast) return { kind: 'invalid', reason: `no upcaster for ${type} v${version}` };
    data = upcast(data, envelope.data);
  }
  const parsedData = eventDataSchemas[type].safeParse(data);
  if (!parsedData.success) return { kind: 'invalid', reason: `${type} data: ${formatIssues(parsedData.error.issues)}` };
  if ((parsedData.data as { divisionId: string }).divisionId !== envelope.data.divisionId) {
    return { kind: 'invalid', reason: `${type} data.divisionId differs from the envelope's divisionId` };
  }
  const event = { ...envelope.data, type, schemaVersion: current, data: parsedData.data } as AnyEvent;
  return { kind: 'event', event };
}

function formatIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'} ${i.message}`).join('; ');
}
