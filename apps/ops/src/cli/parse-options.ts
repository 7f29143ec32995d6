import { InvalidArgumentError } from 'commander';

/** Commander parser for a whole number within bounds ("--batch-size 2000"). */
export function intBetween(min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Commander parser for a duration ("--every 10m"): a whole number with ms, s, m or h, at least `minMs`. */
export function duration(minMs: number) {
  return (raw: string): number => {
    const match = /^(\d+)(ms|s|m|h)$/.exec(raw.trim());
    const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : NaN;
    if (!(ms >= minMs)) throw new InvalidArgumentError(`expected a duration like 30s, 10m or 1h (at least ${minMs} ms), got "${raw}"`);
    return ms;
  };
}
