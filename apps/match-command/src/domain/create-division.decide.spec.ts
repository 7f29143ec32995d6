import { ConflictError } from './command-errors';
import { decideCreateDivision } from './create-division.decide';

const stamp = { eventId: 'e1', occurredAt: new Date('2026-11-01T00:00:00Z') };

describe('decideCreateDivision', () => {
  it('creates a new division with DivisionCreated', () => {
    expect(decideCreateDivision({ id: 'open', name: 'Open' }, null, stamp)).toMatchObject({
      kind: 'applied',
      response: { id: 'open', eventId: 'e1' },
      event: { type: 'DivisionCreated', divisionId: 'open', data: { divisionId: 'open', name: 'Open' } },
    });
  });

  it('replays an identical create and refuses a different one', () => {
    const existing = { name: 'Open', createdEventId: 'e0' };
    expect(decideCreateDivision({ id: 'open', name: 'Open' }, existing, stamp)).toEqual({
      kind: 'replayed',
      response: { id: 'open', eventId: 'e0' },
    });
    expect(() => decideCreateDivision({ id: 'open', name: 'open' }, existing, stamp)).toThrow(ConflictError);
  });
});
