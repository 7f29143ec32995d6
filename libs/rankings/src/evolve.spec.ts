import { emptyAthleteState } from './athlete-state';
import { createEventFactory } from '@test/support/event-factory';
import { athletesAffectedBy, evolveAthlete, projectAthletes } from './evolve';
import { toRankingEntry } from './ranking-entry';

const f = createEventFactory({ seed: 'e1' });
const M1 = '00000000-0000-4000-8000-000000000001';
const M2 = '00000000-0000-4000-8000-000000000002';

describe('evolveAthlete', () => {
  it('given a registration, when a match is won, then the athlete has 3 points and form W', () => {
    const given = [f.athleteRegistered('d', 'a1', 'Ana Silva'), f.athleteRegistered('d', 'a2', 'Bea Costa')];
    const when = f.matchCompleted('d', { matchId: M1, red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-01T10:00:00Z' });
    const states = projectAthletes([...given, when]);
    expect(toRankingEntry(states.get('a1')!)).toMatchObject({ points: 3, wins: 1, losses: 0, recentForm: ['W'] });
    expect(toRankingEntry(states.get('a2')!)).toMatchObject({ points: 0, losses: 1, recentForm: ['L'] });
  });

  it('given a result, when it is corrected to a draw, then only the correction counts', () => {
    const given = f.matchCompleted('d', { matchId: M1, red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-01T10:00:00Z' });
    const when = f.resultCorrected('d', { matchId: M1, red: 'a1', blue: 'a2', winner: null, completedAt: '2026-01-01T10:00:00Z' });
    const state = [given, when].reduce(evolveAthlete, emptyAthleteState('a1', 'd'));
    expect(state.matches[M1]).toMatchObject({ revision: 2, outcome: 'D' });
  });

  it('keeps the correction when the original result arrives after it', () => {
    const original = f.matchCompleted('d', { matchId: M1, red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-01T10:00:00Z' });
    const correction = f.resultCorrected('d', { matchId: M1, red: 'a1', blue: 'a2', winner: 'a2', completedAt: '2026-01-01T10:00:00Z' });
    const state = [correction, original].reduce(evolveAthlete, emptyAthleteState('a1', 'd'));
    expect(state.matches[M1]).toMatchObject({ revision: 2, outcome: 'L' });
  });

  it('builds a partial state from a match before the registration, which the registration completes', () => {
    const match = f.matchCompleted('d', { matchId: M1, red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-01T10:00:00Z' });
    const partial = evolveAthlete(emptyAthleteState('a1', 'd'), match);
    expect(toRankingEntry(partial)).toBeNull();
    const complete = evolveAthlete(partial, f.athleteRegistered('d', 'a1', 'Ana Silva'));
    expect(toRankingEntry(complete)).toMatchObject({ name: 'Ana Silva', points: 3 });
  });

  it('keeps the newest profile revision whatever the arrival order', () => {
    const registered = f.athleteRegistered('d', 'a1', 'Ana Silva', 'lightweight', 'BR');
    const renamed = f.athleteUpdated('d', 'a1', { name: 'Ana Souza', weightClass: 'welterweight', country: 'PT', revision: 3 });
    const older = f.athleteUpdated('d', 'a1', { name: 'Ana S.', weightClass: 'lightweight', country: 'BR', revision: 2 });
    const state = [renamed, registered, older].reduce(evolveAthlete, emptyAthleteState('a1', 'd'));
    expect(state.profile).toEqual({ name: 'Ana Souza', weightClass: 'welterweight', country: 'PT', revision: 3 });
  });

  it('ignores events about other athletes and events that change no ranking', () => {
    const before = projectAthletes([f.athleteRegistered('d', 'a1', 'Ana Silva')]).get('a1')!;
    const others = [
      f.athleteRegistered('d', 'a9', 'Zoe'),
      f.divisionCreated('d'),
      f.matchScheduled('d', M2, 'a1', 'a2'),
      f.matchCompleted('d', { matchId: M2, red: 'a3', blue: 'a4', winner: 'a3', completedAt: '2026-01-01T10:00:00Z' }),
    ];
    expect(others.reduce(evolveAthlete, before)).toEqual(before);
    expect(athletesAffectedBy(others[1])).toEqual([]);
  });
});
