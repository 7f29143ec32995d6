import { DIVISION_ORDER, OrderField, OrderRule } from '@app/rankings';

/**
 * The order set's score, generated from DIVISION_ORDER: one bit field per key, the first key
 * most significant, a descending key stored as (max - n). Ascending score is then the
 * division order up to the athlete id, and Redis orders equal scores by member (the athlete
 * id, bytewise): exactly the division order, so a rank is one ZRANK.
 *
 * Bounds: points 0..2^19-1 (524,287), wins and losses 0..2^17-1 (131,071); 53 bits in all,
 * so the score is an exact integer in a double. A counter outside its bounds is clamped
 * (far beyond any real career). A Record over every OrderField: a key added to the order
 * without its bits here fails the typecheck, and too many bits fail at load.
 */
export const SCORE_BITS: Readonly<Record<OrderField, number>> = { points: 19, wins: 17, losses: 17 };

interface ScorePart extends OrderRule {
  /** Largest value the field holds; larger counters are clamped to it. */
  max: number;
  weight: number;
}

export const SCORE_PARTS: readonly ScorePart[] = scoreLayout();

function scoreLayout(): ScorePart[] {
  const parts: ScorePart[] = [];
  let weight = 1;
  for (const rule of [...DIVISION_ORDER].reverse()) {
    const bits = SCORE_BITS[rule.field];
    parts.unshift({ ...rule, max: 2 ** bits - 1, weight });
    weight *= 2 ** bits;
  }
  if (weight > 2 ** 53) throw new Error(`order score needs ${Math.log2(weight)} bits; a double holds 53 exactly (SCORE_BITS)`);
  return parts;
}

/** How many recent matches an athlete's bounded form list keeps (5 shown, the rest slack). */
export const FORM_CAPACITY = 10;
/** Leaderboard `top` is 1..100: a change below rank 100 does not change any leaderboard. */
export const LEADERBOARD_MAX = 100;
/** The default `top`, whose body is kept ready to send. */
export const LEADERBOARD_DEFAULT = 10;
/** The default `/rankings` page size, whose first page is kept ready to send. */
export const RANKINGS_PAGE_DEFAULT = 20;

export type OrderKey = Record<OrderField, number>;

export function orderScore(key: OrderKey): number {
  let score = 0;
  for (const part of SCORE_PARTS) {
    const n = Math.min(Math.max(key[part.field], 0), part.max);
    score += (part.direction === 'asc' ? n : part.max - n) * part.weight;
  }
  return score;
}

export function decodeOrderScore(score: number): OrderKey {
  const key = {} as OrderKey;
  for (const part of SCORE_PARTS) {
    const n = Math.floor(score / part.weight) % (part.max + 1);
    key[part.field] = part.direction === 'asc' ? n : part.max - n;
  }
  return key;
}

/**
 * `orderScore` as a Lua expression, for the projector's script that scores athletes inside
 * Redis; `vars` names the Lua expression holding each counter.
 */
export function orderScoreLua(vars: Record<OrderField, string>): string {
  return SCORE_PARTS.map((part) => {
    const n = `math.max(math.min(${vars[part.field]}, ${part.max}), 0)`;
    return `(${part.direction === 'asc' ? n : `${part.max} - ${n}`}) * ${part.weight}`;
  }).join(' + ');
}
