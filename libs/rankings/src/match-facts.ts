import type { MatchOutcome } from './athlete-state';
import { POINTS, RECENT_FORM_LENGTH, RankingStats } from './ranking-entry';

/**
 * Constant-size athlete state for stores that must not carry a career per write: each
 * match result is a fact of its own (stored apart, read only when that match changes),
 * and the athlete keeps running counters plus a bounded list of its newest matches.
 * Applying a fact touches that fact and these counters, whatever the career length.
 */
export interface MatchFact extends MatchOutcome {
  matchId: string;
}

/**
 * Newest matches kept per athlete: the form needs RECENT_FORM_LENGTH; the rest is slack
 * for corrections that move a recent match back in time (the match behind it is needed
 * then). Beyond that slack, reconcile repairs the form from Postgres.
 */
export const RECENT_MATCHES_KEPT = 10;

/** What a tally keeps of a recent match: enough to order the list, show the form and replace a corrected match. */
export type RecentMatch = Pick<MatchFact, 'matchId' | 'completedAt' | 'outcome'>;

export interface AthleteTally {
  wins: number;
  losses: number;
  draws: number;
  /** Newest first by completedAt, ties by match id; at most RECENT_MATCHES_KEPT. */
  recent: RecentMatch[];
}

export function emptyTally(): AthleteTally {
  return { wins: 0, losses: 0, draws: 0, recent: [] };
}

/**
 * True when `next` replaces `stored`: a higher result revision, or (two values at one
 * revision should not exist) the same deterministic pick as `mergeAthleteStates`, so
 * duplicates and replays change nothing and every replica picks the same fact.
 */
export function supersedes(next: MatchFact, stored: MatchFact | null): boolean {
  if (!stored) return true;
  if (next.revision !== stored.revision) return next.revision > stored.revision;
  // The common tie is the same fact read back (a replay, or a pending fact confirmed): equal JSON, no pick.
  if (sameOutcome(next, stored)) return false;
  const a = JSON.stringify(factOutcome(next));
  const b = JSON.stringify(factOutcome(stored));
  return a > b;
}

/** The tally after `next` replaced `previous` (the fact it supersedes, null for a new match). */
export function countFact(tally: AthleteTally, previous: MatchFact | null, next: MatchFact): AthleteTally {
  const counts = { wins: tally.wins, losses: tally.losses, draws: tally.draws };
  if (previous) bump(counts, previous.outcome, -1);
  bump(counts, next.outcome, +1);
  const recent = tally.recent.filter((m) => m.matchId !== next.matchId);
  recent.push({ matchId: next.matchId, completedAt: next.completedAt, outcome: next.outcome });
  recent.sort(newestFirst);
  return { ...counts, recent: recent.slice(0, RECENT_MATCHES_KEPT) };
}

/** Points, record and form as the contract shows them. */
export function statsFromTally(tally: AthleteTally): RankingStats {
  const { wins, losses, draws, recent } = tally;
  return {
    points: wins * POINTS.W + draws * POINTS.D + losses * POINTS.L,
    wins,
    losses,
    draws,
    matches: wins + losses + draws,
    recentForm: recent.slice(0, RECENT_FORM_LENGTH).map((m) => m.outcome),
    lastMatchAt: recent[0]?.completedAt ?? null,
  };
}

function bump(counts: { wins: number; losses: number; draws: number }, outcome: MatchFact['outcome'], by: number): void {
  if (outcome === 'W') counts.wins += by;
  else if (outcome === 'L') counts.losses += by;
  else counts.draws += by;
}

/** completedAt is canonical ISO (matchOutcomeFor normalises it): text order is time order. */
function newestFirst(a: RecentMatch, b: RecentMatch): number {
  if (a.completedAt !== b.completedAt) return a.completedAt < b.completedAt ? 1 : -1;
  return a.matchId < b.matchId ? 1 : a.matchId > b.matchId ? -1 : 0;
}

function sameOutcome(a: MatchFact, b: MatchFact): boolean {
  return a.outcome === b.outcome && a.completedAt === b.completedAt && a.opponentId === b.opponentId;
}

/** The MatchOutcome part, in mergeAthleteStates's field order (its tie-break compares JSON). */
function factOutcome(f: MatchFact): MatchOutcome {
  return { revision: f.revision, outcome: f.outcome, completedAt: f.completedAt, opponentId: f.opponentId };
}
