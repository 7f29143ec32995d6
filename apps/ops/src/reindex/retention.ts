/** `<alias>-<version>`: versions are zero-padded, so names sort in creation order. */
export interface PhysicalIndex {
  name: string;
}

export interface RetentionPlan {
  keep: string[];
  remove: string[];
}

/**
 * Which physical indices of an alias to keep after a swap: the live one, then others up to
 * `keep` in total, rollback candidates (complete indices that served and were not rolled
 * away from) before the rest, newest first within each. Indices in `protect` (a build in
 * progress) are never removed and do not count.
 */
export function planRetention(indices: PhysicalIndex[], live: string, keep: number, protect: string[] = [], rollbackCandidates: string[] = []): RetentionPlan {
  if (keep < 1) throw new Error(`keep must be at least 1 (the live index), got ${keep}`);
  const rank = (i: PhysicalIndex) => (rollbackCandidates.includes(i.name) ? 0 : 1);
  const others = indices
    .filter((i) => i.name !== live && !protect.includes(i.name))
    .sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  const kept = others.slice(0, keep - 1).map((i) => i.name);
  return { keep: [live, ...kept], remove: others.slice(keep - 1).map((i) => i.name) };
}
