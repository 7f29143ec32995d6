import { ConflictError, UnknownReferenceError } from './command-errors';
import { decideRegisterAthlete } from './register-athlete.decide';

const stamp = { eventId: 'e1', occurredAt: new Date('2026-11-01T00:00:00Z') };
const command = { id: 'ana', name: 'Ana', divisionId: 'open', weightClass: 'light', country: 'BR' };

describe('decideRegisterAthlete', () => {
  it('registers into an existing division', () => {
    expect(decideRegisterAthlete(command, { divisionExists: true, existing: null }, stamp)).toMatchObject({
      kind: 'applied',
      event: { type: 'AthleteRegistered', data: { athleteId: 'ana', country: 'BR' } },
    });
  });

  it('refuses an unknown division', () => {
    expect(() => decideRegisterAthlete(command, { divisionExists: false, existing: null }, stamp)).toThrow(UnknownReferenceError);
  });

  it('replays an identical registration and refuses a different one', () => {
    const existing = { divisionId: 'open', name: 'Ana', weightClass: 'light', country: 'BR', createdEventId: 'e0' };
    expect(decideRegisterAthlete(command, { divisionExists: true, existing }, stamp)).toEqual({
      kind: 'replayed',
      response: { id: 'ana', eventId: 'e0' },
    });
    expect(() => decideRegisterAthlete({ ...command, country: 'PT' }, { divisionExists: true, existing }, stamp)).toThrow(
      ConflictError,
    );
  });
});
