import { POINTS } from '@app/rankings';
import type { RankingDocument } from '@app/search';
import { seededRandom } from './shuffle';

export interface RankedAthletesOptions {
  seed: number;
  count: number;
  divisions: string[];
}

export const WEIGHT_CLASSES = ['lw', 'mw', 'hw'];
/** Prefixes that make ids prefixes of each other ("a1" < "a1-2" < "a10" < "a2"), as slugs do. */
const ID_PREFIXES = ['a', 'a-', 'ab', 'b', 'z9-'];

/**
 * Athlete documents for order properties: small records, so most athletes tie on points and
 * many on every counter (the athlete id decides), a few near the Redis score's bounds, some
 * not registered yet (in no division order). Counters are consistent (points from POINTS).
 */
export function generateRankedAthletes({ seed, count, divisions }: RankedAthletesOptions): RankingDocument[] {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const upTo = (max: number) => Math.floor(random() * (max + 1));
  const ids = new Set<string>();
  while (ids.size < count) ids.add(`${pick(ID_PREFIXES)}${upTo(count)}${random() < 0.2 ? `-${upTo(3)}` : ''}`);
  return [...ids].map((athleteId) => {
    const large = random() < 0.02;
    const wins = large ? 131_071 - upTo(2) : upTo(4);
    const losses = large ? 131_071 - upTo(2) : upTo(4);
    // Draws up to 6: points tie across different win counts (1 W = 3 D).
    const draws = upTo(6);
    return {
      kind: 'athlete',
      athleteId,
      divisionId: pick(divisions),
      registered: random() < 0.9,
      name: athleteId,
      weightClass: pick(WEIGHT_CLASSES),
      country: 'BR',
      profileRevision: 1,
      points: wins * POINTS.W + draws * POINTS.D + losses * POINTS.L,
      wins,
      losses,
      draws,
      matches: wins + losses + draws,
      recentForm: [],
      lastMatchAt: null,
      recent: [],
      pending: [],
    };
  });
}
