/**
 * The order set's score: ascending score = points desc, wins desc, losses asc, and Redis
 * orders equal scores by member, i.e. athleteId asc: exactly the division order of
 * CONTRACT §4, so a rank is one ZRANK. Every part is an integer field of one double
 * (< 2^53, exact); records beyond the maxima are clamped (far beyond any real career).
 */
export const SCORE = {
  maxPoints: 2 ** 19 - 1,
  maxWins: 2 ** 17 - 1,
  maxLosses: 2 ** 17 - 1,
  pointsWeight: 2 ** 34,
  winsWeight: 2 ** 17,
} as const;

/** How many recent matches an athlete's bounded form list keeps (5 shown, the rest slack). */
export const FORM_CAPACITY = 10;
/** Leaderboard `top` is 1..100: a change below rank 100 does not change any leaderboard. */
export const LEADERBOARD_MAX = 100;
/** The default `top`, whose body is kept ready to send. */
export const LEADERBOARD_DEFAULT = 10;

export interface OrderKey {
  points: number;
  wins: number;
  losses: number;
}

export function orderScore({ points, wins, losses }: OrderKey): number {
  const clamp = (n: number, max: number) => Math.min(Math.max(n, 0), max);
  return (
    (SCORE.maxPoints - clamp(points, SCORE.maxPoints)) * SCORE.pointsWeight +
    (SCORE.maxWins - clamp(wins, SCORE.maxWins)) * SCORE.winsWeight +
    clamp(losses, SCORE.maxLosses)
  );
}

export function decodeOrderScore(score: number): OrderKey {
  const points = SCORE.maxPoints - Math.floor(score / SCORE.pointsWeight);
  const rest = score % SCORE.pointsWeight;
  const wins = SCORE.maxWins - Math.floor(rest / SCORE.winsWeight);
  return { points, wins, losses: rest % SCORE.winsWeight };
}
