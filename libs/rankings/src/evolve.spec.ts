import { emptyAthleteState } from './athlete-state';
import { createEventFactory } from '@test/support/event-factory';
import fc from 'fast-check';
import type { AnyEvent } from '@app/contracts';
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

describe('projectAthletes', () => {
  const athletes = ['a1', 'a2', 'a3', 'a4'];
  const matches = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
  /** Results, corrections at any revision (ties included), registrations and updates, in any order and repeated. */
  const eventArb = fc.oneof(
    fc.record({ m: fc.constantFrom(...matches), red: fc.constantFrom(...athletes), blue: fc.constantFrom(...athletes), win: fc.nat(2), rev: fc.integer({ min: 1, max: 3 }), day: fc.integer({ min: 1, max: 9 }) })
      .filter(({ red, blue }) => red !== blue)
      .map(({ m, red, blue, win, rev, day }) => {
        const input = { matchId: m, red, blue, winner: [red, blue, null][win], completedAt: `2026-01-0${day}T10:00:00Z`, revision: rev };
        return rev === 1 ? f.matchCompleted('d', input) : f.resultCorrected('d', input);
      }),
    fc.constantFrom(...athletes).map((a) => f.athleteRegistered('d', a, `Name ${a}`)),
    fc.record({ a: fc.constantFrom(...athletes), rev: fc.integer({ min: 2, max: 4 }), name: fc.constantFrom('X', 'Y') }).map(({ a, rev, name }) =>
      f.athleteUpdated('d', a, { name, weightClass: 'lightweight', country: 'BR', revision: rev }),
    ),
  );
  /** The definition: each athlete's state is the fold of evolveAthlete over the events, from empty. */
  const byDefinition = (events: AnyEvent[]) => {
    const out = new Map<string, ReturnType<typeof emptyAthleteState>>();
    for (const event of events)
      for (const id of athletesAffectedBy(event)) out.set(id, evolveAthlete(out.get(id) ?? emptyAthleteState(id, event.divisionId), event));
    return out;
  };

  it('equals folding evolveAthlete over the events, for any order, duplicates and revision ties', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), (events) => {
        const delivered = [...events, ...events.slice(0, events.length / 3)];
        expect(projectAthletes(delivered)).toEqual(byDefinition(delivered));
      }),
      { numRuns: 300 },
    );
  });

  it('folds into the states it is given without changing them', () => {
    const given = projectAthletes([f.matchCompleted('d', { matchId: 'm1', red: 'a1', blue: 'a2', winner: 'a1', completedAt: '2026-01-01T10:00:00Z' })]);
    const before = structuredClone(given.get('a1'));
    const kept = given.get('a1');
    const later = f.resultCorrected('d', { matchId: 'm1', red: 'a1', blue: 'a2', winner: 'a2', completedAt: '2026-01-01T10:00:00Z' });
    const after = projectAthletes([later], new Map(given));
    expect(kept).toEqual(before);
    expect(after.get('a1')!.matches.m1).toMatchObject({ revision: 2, outcome: 'L' });
  });
});
