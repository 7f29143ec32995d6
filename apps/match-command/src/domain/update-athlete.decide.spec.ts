import { InvalidCommandError } from './command-errors';
import { assertSomethingToUpdate, decideUpdateAthlete } from './update-athlete.decide';

const current = { divisionId: 'open', name: 'Ana', weightClass: 'light', country: 'BR', revision: 4 };
const stamp = { eventId: 'e5', occurredAt: new Date('2026-11-01T00:00:00Z') };

describe('decideUpdateAthlete', () => {
  it('keeps unspecified fields and carries the full new state at the next revision', () => {
    const { next, change } = decideUpdateAthlete({ id: 'ana', country: 'PT' }, current, stamp);
    expect(next).toEqual({ ...current, country: 'PT', revision: 5 });
    expect(change).toMatchObject({
      kind: 'applied',
      response: { id: 'ana', eventId: 'e5' },
      event: {
        type: 'AthleteUpdated',
        data: { athleteId: 'ana', divisionId: 'open', name: 'Ana', weightClass: 'light', country: 'PT', revision: 5 },
      },
    });
  });

  it('refuses a patch that changes nothing named', () => {
    expect(() => assertSomethingToUpdate({ id: 'ana' })).toThrow(InvalidCommandError);
    expect(() => assertSomethingToUpdate({ id: 'ana', name: 'Ana' })).not.toThrow();
  });
});
