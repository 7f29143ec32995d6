import { RankedEntry, RankingEntry, RankingStats } from './ranking-entry';

type Ordered = Pick<RankingStats, 'points' | 'wins' | 'losses'> & { athleteId: string };

/** CONTRACT §4 division order: points desc, wins desc, losses asc, athleteId asc. */
export function compareDivisionOrder(a: Ordered, b: Ordered): number {
  if (a.points !== b.points) return b.points - a.points;
  if (a.wins !== b.wins) return b.wins - a.wins;
  if (a.losses !== b.losses) return a.losses - b.losses;
  return a.athleteId < b.athleteId ? -1 : a.athleteId > b.athleteId ? 1 : 0;
}

/** The division's entries in order, with their 1-based rank. */
export function rankDivision(entries: RankingEntry[]): RankedEntry[] {
  return [...entries].sort(compareDivisionOrder).map((entry, i) => ({ rank: i + 1, ...entry }));
}

/** Fixed width of each number in a sort key; 10 digits hold any realistic record. */
const WIDTH = 10;
const CEILING = 10 ** WIDTH - 1;

/**
 * A string whose byte order is the division order, for stores that sort by text (a Redis
 * sorted set with equal scores orders members lexicographically). The athlete id ends it.
 */
export function divisionSortKey(entry: Ordered): string {
  const pad = (n: number) => String(n).padStart(WIDTH, '0');
  return `${pad(CEILING - entry.points)}:${pad(CEILING - entry.wins)}:${pad(entry.losses)}:${entry.athleteId}`;
}

/** The athlete id at the end of a `divisionSortKey`. */
export function athleteIdFromSortKey(key: string): string {
  return key.split(':').slice(3).join(':');
}
