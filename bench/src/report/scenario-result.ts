import type { ResultTable } from './table';
import type { TargetOutcome } from './targets';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  platform: string;
}

export interface RunInfo {
  /** ISO date-time the scenario started. */
  startedAt: string;
  commit: string;
  /** Uncommitted changes under apps/ or libs/ when the services were built. */
  dirty: boolean;
  command: string;
  durationSeconds: number;
  /** 1-minute load average when the scenario started and ended: other work on the machine skews every figure. */
  loadAverage: { start: number; end: number };
}

export interface ProfileFrame {
  frame: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  process: string;
  /** What the profile covers, e.g. `the c=64 load step`. */
  window: string;
  totalMs: number;
  /** Busy time ÷ profiled wall time, %: near 100 means the process was CPU-bound. */
  busyPercent: number;
  /** Share of non-idle samples per area (app code, a package, node internals, GC). */
  byArea: Array<{ area: string; percent: number }>;
  topFrames: ProfileFrame[];
  file: string;
}

export type ScenarioStatus = 'ok' | 'unavailable' | 'failed';

/** Everything one scenario run produced: written as JSON and rendered into the doc. */
export interface ScenarioResult {
  scenario: string;
  title: string;
  status: ScenarioStatus;
  error: string | null;
  run: RunInfo;
  machine: MachineInfo;
  options: Record<string, unknown>;
  tables: ResultTable[];
  targets: TargetOutcome[];
  notes: string[];
  profiles: ProfileSummary[];
}

/** What a scenario hands back; the runner adds the run and machine details. */
export interface ScenarioOutcome {
  tables: ResultTable[];
  targets: TargetOutcome[];
  notes: string[];
  profiles: ProfileSummary[];
}
