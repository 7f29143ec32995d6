import { EVENT_HEADERS } from '@app/contracts';
import type { OutboxRow } from '../outbox/outbox-row';
import { toKafkaMessage } from './outbox-message';

const row: OutboxRow = {
  id: '42',
  txid: '900',
  eventId: '0b4ad3a4-6c3f-4d7e-9a55-8f4f3f0e9a11',
  divisionId: 'elite-men',
  eventType: 'DivisionCreated',
  schemaVersion: 1,
  occurredAt: new Date('2026-11-22T18:00:00.000Z'),
  payload: JSON.stringify({
    eventId: '0b4ad3a4-6c3f-4d7e-9a55-8f4f3f0e9a11',
    type: 'DivisionCreated',
    schemaVersion: 1,
    divisionId: 'elite-men',
    occurredAt: '2026-11-22T18:00:00.000Z',
    data: { divisionId: 'elite-men', name: 'Elite men' },
  }),
  headers: { 'x-datadog-trace-id': '111', 'x-datadog-parent-id': '222' },
  createdAt: new Date('2026-11-22T18:00:00.000Z'),
};

describe('toKafkaMessage', () => {
  it('keys by division and carries the envelope verbatim as JSON', () => {
    const message = toKafkaMessage(row);
    expect(message.key).toBe('elite-men');
    expect(message.value).toBe(row.payload);
  });

  it('adds the event identity headers', () => {
    const { headers } = toKafkaMessage(row);
    expect(headers?.[EVENT_HEADERS.eventId]).toBe(row.eventId);
    expect(headers?.[EVENT_HEADERS.type]).toBe('DivisionCreated');
    expect(headers?.[EVENT_HEADERS.schemaVersion]).toBe('1');
  });

  it('forwards the stored trace context when tracing is off', () => {
    const { headers } = toKafkaMessage(row);
    expect(headers?.['x-datadog-trace-id']).toBe('111');
    expect(headers?.['x-datadog-parent-id']).toBe('222');
  });

  it('lets the publish span become the parent while keeping the trace', () => {
    const { headers } = toKafkaMessage(row, { 'x-datadog-trace-id': '111', 'x-datadog-parent-id': '999' });
    expect(headers?.['x-datadog-trace-id']).toBe('111');
    expect(headers?.['x-datadog-parent-id']).toBe('999');
  });

  it('never lets a stored header spoof the event identity', () => {
    const spoofed = { ...row, headers: { [EVENT_HEADERS.eventId]: 'other', [EVENT_HEADERS.type]: 'Other' } };
    const { headers } = toKafkaMessage(spoofed);
    expect(headers?.[EVENT_HEADERS.eventId]).toBe(row.eventId);
    expect(headers?.[EVENT_HEADERS.type]).toBe('DivisionCreated');
  });
});
