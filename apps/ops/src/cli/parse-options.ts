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
