import { AthleteState, MatchOutcome, Outcome } from './athlete-state';

export const POINTS: Record<Outcome, number> = { W: 3, D: 1, L: 0 };
export const RECENT_FORM_LENGTH = 5;

export interface RankingStats {
  points: number;
  wins: number;
  losses: number;
  draws: number;
  matches: number;
  /** Newest first by completedAt. */
  recentForm: Outcome[];
  lastMatchAt: string | null;
}

/** CONTRACT §4 ranking entry, without the rank (which depends on the whole division). */
export interface RankingEntry extends RankingStats {
  athleteId: string;
  name: string;
  country: string;
  divisionId: string;
  weightClass: string;
}

export interface RankedEntry extends RankingEntry {
  rank: number;
}

/**
 * Points, record and form from each match's latest result. One pass over the matches:
 * counters, plus the newest RECENT_FORM_LENGTH kept in `newestFirst` order by insertion
 * (the same result as sorting the whole history, without sorting it or parsing a
 * timestamp in every comparison).
 */
export function rankingStats(state: AthleteState): RankingStats {
  let wins = 0;
  let draws = 0;
  let losses = 0;
  let count = 0;
  /** The newest matches seen so far, newest first, at most RECENT_FORM_LENGTH. */
  const recent: TimedMatch[] = [];
  const ids = Object.keys(state.matches);
  // Newest last is the usual insertion order, so walking backwards fills the form first
  // and then mostly needs one comparison per older match. The order does not change the
  // result: newestFirst is a total order (match ids are unique).
  for (let i = ids.length - 1; i >= 0; i--) {
    const matchId = ids[i];
    const match = state.matches[matchId];
    count++;
    if (match.outcome === 'W') wins++;
    else if (match.outcome === 'D') draws++;
    else if (match.outcome === 'L') losses++;
    const timed = timedMatch(matchId, match);
    let at = recent.length;
    while (at > 0 && newestFirst(timed, recent[at - 1]) < 0) at--;
    if (at < RECENT_FORM_LENGTH) {
      recent.splice(at, 0, timed);
      if (recent.length > RECENT_FORM_LENGTH) recent.pop();
    }
  }
  return {
    points: wins * POINTS.W + draws * POINTS.D + losses * POINTS.L,
    wins,
    losses,
    draws,
    matches: count,
    recentForm: recent.map((t) => t.match.outcome),
    lastMatchAt: recent[0]?.match.completedAt ?? null,
  };
}

/** The entry a read model serves; null until the athlete's registration is known. */
export function toRankingEntry(state: AthleteState): RankingEntry | null {
  if (!state.profile) return null;
  const { name, country, weightClass } = state.profile;
  return { athleteId: state.athleteId, name, country, divisionId: state.divisionId, weightClass, ...rankingStats(state) };
}

interface TimedMatch {
  id: string;
  match: MatchOutcome;
  /** completedAt when canonical (compares as text), else null. */
  canonical: string | null;
  /** Date.parse(completedAt), computed at most once, when a comparison needs it. */
  ms?: number;
}

function timedMatch(id: string, match: MatchOutcome): TimedMatch {
  return { id, match, canonical: isCanonicalInstant(match.completedAt) ? match.completedAt : null };
}

/** Newest first by completedAt; ties on completedAt are broken by match id so every store shows the same form. */
function newestFirst(a: TimedMatch, b: TimedMatch): number {
  const byTime =
    a.canonical !== null && b.canonical !== null ? compareText(b.canonical, a.canonical) : millisOf(b) - millisOf(a);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function millisOf(t: TimedMatch): number {
  return (t.ms ??= Date.parse(t.match.completedAt));
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

const CANONICAL_INSTANT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/**
 * True for exactly what `toISOString` prints for a year 0000-9999
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`, how `matchOutcomeFor` normalises every completedAt). For
 * those, text order is time order, so they need no parsing. A day past the 28th is
 * checked against its month (Date.parse would roll 02-30 over into March).
 */
export function isCanonicalInstant(s: string): boolean {
  if (s.length !== 24 || !CANONICAL_INSTANT.test(s)) return false;
  if (s.charCodeAt(8) < 0x32 || (s[8] === '2' && s[9] !== '9')) return true; // day 01-28
  return new Date(s).toISOString() === s;
}
