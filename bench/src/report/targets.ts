/** A performance target stated in one of the issues, checked against a measured figure. */
export interface Target {
  /** Stable id, e.g. `write.ratio.c64`. */
  id: string;
  /** Where the target comes from, e.g. `issue 2`. */
  source: string;
  /** What is measured, in words, e.g. `results/s ÷ pgbench tps at 64 clients`. */
  metric: string;
  comparator: '>=' | '<=' | '<' | '>';
  threshold: number;
  /** Unit of the measured figure (and of the threshold unless it is relative). */
  unit: string;
  /** The threshold applies to measured ÷ baseline (e.g. "at least 0.5 of pgbench"). */
  relativeToBaseline?: boolean;
}

export interface Baseline {
  /** e.g. `pgbench, same transaction`. */
  label: string;
  value: number;
}

export interface TargetOutcome extends Target {
  /** null when the figure could not be measured (then `met` is null too). */
  measured: number | null;
  met: boolean | null;
  baseline: Baseline | null;
  /** measured ÷ baseline, null without both. */
  ratio: number | null;
}

/** measured ÷ baseline, or null when either is missing or the baseline is zero. */
export function ratioTo(measured: number | null, baseline: number | null): number | null {
  if (measured === null || baseline === null || !Number.isFinite(measured) || !Number.isFinite(baseline)) return null;
  if (baseline === 0) return null;
  return measured / baseline;
}

export function meets(target: Pick<Target, 'comparator' | 'threshold'>, measured: number): boolean {
  switch (target.comparator) {
    case '>=':
      return measured >= target.threshold;
    case '<=':
      return measured <= target.threshold;
    case '<':
      return measured < target.threshold;
    case '>':
      return measured > target.threshold;
  }
}

export function evaluateTarget(target: Target, measured: number | null, baseline: Baseline | null = null): TargetOutcome {
  const usable = measured !== null && Number.isFinite(measured) ? measured : null;
  const ratio = ratioTo(usable, baseline?.value ?? null);
  const compared = target.relativeToBaseline ? ratio : usable;
  return {
    ...target,
    measured: usable,
    met: compared === null ? null : meets(target, compared),
    baseline,
    ratio,
  };
}

/** e.g. `p99 at 200 connections < 20 ms`, or `results/s >= 0.5 × baseline`. */
export function describeTarget(target: Target): string {
  const threshold = target.relativeToBaseline ? `${target.threshold} × baseline` : `${target.threshold} ${target.unit}`;
  return `${target.metric} ${target.comparator} ${threshold}`.trim();
}

export function verdict(outcome: Pick<TargetOutcome, 'met'>): string {
  if (outcome.met === null) return 'not measured';
  return outcome.met ? 'met' : 'NOT MET';
}
