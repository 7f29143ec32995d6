import { athleteBody, matchCorners, matchId, resultBody, Roster } from './roster';

const roster: Roster = { divisions: 3, athletesPerDivision: 4 };

describe('roster', () => {
  it('gives every match two different athletes of its own division', () => {
    for (let n = 0; n < 500; n++) {
      const c = matchCorners(roster, n);
      expect(c.redAthleteId).not.toBe(c.blueAthleteId);
      expect(c.redAthleteId.startsWith(`${c.divisionId}-a`)).toBe(true);
      expect(c.blueAthleteId.startsWith(`${c.divisionId}-a`)).toBe(true);
    }
  });

  it('makes match ids valid, distinct UUIDs per pool', () => {
    expect(matchId('a0000000', 255)).toBe('a0000000-0000-4000-8000-0000000000ff');
    expect(matchId('a0000000', 1)).not.toBe(matchId('b0000000', 1));
  });

  it('writes result bodies the contract accepts: no winner exactly for a draw', () => {
    for (let n = 0; n < 12; n++) {
      const body = JSON.parse(resultBody(roster, n)) as { winnerId: string | null; method: string };
      expect(body.winnerId === null).toBe(body.method === 'DRAW');
    }
  });

  it('gives athletes accented names so q searches exercise folding', () => {
    expect(athleteBody(roster, 0, 0).name).toBe('José Álvarez 0');
    expect(athleteBody(roster, 1, 2)).toMatchObject({ id: 'bench-d1-a2', divisionId: 'bench-d1', weightClass: 'featherweight' });
  });
});
