import { EventType } from './event-types';

/**
 * `upcasters[type][v]` turns the data of a `type` event at schema version v into version
 * v + 1. Every event type is at version 1 today, so the table is empty; when a payload
 * changes, the new version goes into CURRENT_SCHEMA_VERSION and the step from the old one
 * goes here, so consumers keep reading events already on the topic.
 */
export type Upcaster = (data: Record<string, unknown>, envelope: { occurredAt: string; divisionId: string }) => Record<string, unknown>;
export type Upcasters = Partial<Record<EventType, Record<number, Upcaster>>>;

export const upcasters: Upcasters = {};
