import type { AnyEvent, MatchResultData } from '@app/contracts';
import type { AthleteState, MatchOutcome } from '@app/rankings';

/**
 * What one batch changes in one division, as the apply script takes it: facts, not
 * states. A match result is one fact whoever's corner it is read from, so the live
 * projector (events) and the rebuild (athlete states from Postgres) write the same facts
 * and merge by revision in the store.
 */
export interface DivisionChanges {
  divisionId: string;
  /** Set by DivisionCreated. */
  name?: string;
  /** [matchId, revision, completedAt ms, completedAt ISO, athlete low, athlete high, winner or ''] */
  matches: FactRow[];
  /** [athleteId, revision, name, weightClass, country] */
  profiles: ProfileRow[];
  /** Events of this division the batch stores (waitFor markers). */
  eventIds: string[];
}

export type FactRow = [string, string, string, string, string, string, string];
export type ProfileRow = [string, string, string, string, string];

export function changesFromEvents(events: AnyEvent[], markerIds: Array<{ eventId: string; divisionId: string }> = []): DivisionChanges[] {
  const byDivision = new Map<string, DivisionChanges>();
  const changesOf = (divisionId: string) => getOrCreate(byDivision, divisionId);
  for (const event of events) {
    const changes = changesOf(event.divisionId);
    changes.eventIds.push(event.eventId);
    switch (event.type) {
      case 'DivisionCreated':
        changes.name = event.data.name;
        break;
      case 'AthleteRegistered':
        changes.profiles.push(profileRow(event.data.athleteId, 1, event.data));
        break;
      case 'AthleteUpdated':
        changes.profiles.push(profileRow(event.data.athleteId, event.data.revision, event.data));
        break;
      case 'MatchCompleted':
      case 'MatchResultCorrected':
        changes.matches.push(factFromResult(event.data));
        break;
      default:
        break;
    }
  }
  for (const { eventId, divisionId } of markerIds) {
    const changes = changesOf(divisionId);
    if (!changes.eventIds.includes(eventId)) changes.eventIds.push(eventId);
  }
  return [...byDivision.values()];
}

/** A rebuild's snapshot rows as facts; a match seen from both corners is sent once. */
export function changesFromStates(states: AthleteState[], divisionNames: Map<string, string> = new Map()): DivisionChanges[] {
  const byDivision = new Map<string, DivisionChanges>();
  const seen = new Map<string, Map<string, number>>();
  for (const state of states) {
    const changes = getOrCreate(byDivision, state.divisionId);
    const name = divisionNames.get(state.divisionId);
    if (name) changes.name = name;
    if (state.profile) changes.profiles.push(profileRow(state.athleteId, state.profile.revision, state.profile));
    const seenHere = seen.get(state.divisionId) ?? new Map<string, number>();
    seen.set(state.divisionId, seenHere);
    for (const [matchId, match] of Object.entries(state.matches)) {
      if ((seenHere.get(matchId) ?? 0) >= match.revision) continue;
      seenHere.set(matchId, match.revision);
      changes.matches.push(factFromOutcome(state.athleteId, matchId, match));
    }
  }
  return [...byDivision.values()];
}

export function factFromResult(data: Pick<MatchResultData, 'matchId' | 'redAthleteId' | 'blueAthleteId' | 'winnerId' | 'completedAt' | 'revision'>): FactRow {
  return fact(data.matchId, data.revision, data.completedAt, data.redAthleteId, data.blueAthleteId, data.winnerId);
}

function factFromOutcome(athleteId: string, matchId: string, match: MatchOutcome): FactRow {
  const winner = match.outcome === 'D' ? null : match.outcome === 'W' ? athleteId : match.opponentId;
  return fact(matchId, match.revision, match.completedAt, athleteId, match.opponentId, winner);
}

function fact(matchId: string, revision: number, completedAt: string, a: string, b: string, winner: string | null): FactRow {
  const at = new Date(completedAt);
  const [low, high] = a < b ? [a, b] : [b, a];
  return [matchId, String(revision), String(at.getTime()), at.toISOString(), low, high, winner ?? ''];
}

function profileRow(athleteId: string, revision: number, p: { name: string; weightClass: string; country: string }): ProfileRow {
  return [athleteId, String(revision), p.name, p.weightClass, p.country];
}

function getOrCreate(byDivision: Map<string, DivisionChanges>, divisionId: string): DivisionChanges {
  let changes = byDivision.get(divisionId);
  if (!changes) {
    changes = { divisionId, matches: [], profiles: [], eventIds: [] };
    byDivision.set(divisionId, changes);
  }
  return changes;
}

/** athleteId → divisionId for every athlete the changes mention (the read side's index). */
export function athleteDivisionsOf(changes: DivisionChanges[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of changes) {
    for (const p of c.profiles) out.set(p[0], c.divisionId);
    for (const m of c.matches) {
      out.set(m[4], c.divisionId);
      out.set(m[5], c.divisionId);
    }
  }
  return out;
}

/**
 * Splits changes so no single apply script carries more than `maxRows` facts and profiles:
 * Redis runs one script at a time, so a replay's or a rebuild's batch in one script would
 * hold every reader waiting behind it. A division's chunks go in order on its node (one
 * hash slot), profiles first; the division's name rides with its first chunk and the
 * waitFor markers with its last, so a marker is written only once all of its batch's data
 * of that division is.
 */
export function splitChanges(changes: DivisionChanges[], maxRows: number): DivisionChanges[] {
  if (!(maxRows >= 1)) throw new Error(`maxRows must be at least 1, got ${maxRows}`);
  const out: DivisionChanges[] = [];
  for (const c of changes) {
    if (c.matches.length + c.profiles.length <= maxRows) {
      out.push(c);
      continue;
    }
    const chunks: DivisionChanges[] = [];
    for (let i = 0; i < c.profiles.length; i += maxRows)
      chunks.push({ divisionId: c.divisionId, matches: [], profiles: c.profiles.slice(i, i + maxRows), eventIds: [] });
    for (let i = 0; i < c.matches.length; i += maxRows)
      chunks.push({ divisionId: c.divisionId, matches: c.matches.slice(i, i + maxRows), profiles: [], eventIds: [] });
    if (c.name !== undefined) chunks[0].name = c.name;
    chunks[chunks.length - 1].eventIds = c.eventIds;
    out.push(...chunks);
  }
  return out;
}
