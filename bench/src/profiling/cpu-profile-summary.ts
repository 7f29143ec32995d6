import type { ProfileFrame } from '../report/scenario-result';

/** The parts of a V8 `.cpuprofile` (Profiler.Profile) this summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface CpuProfileSummary {
  /** Busy (non-idle) sampled time, ms. */
  totalMs: number;
  /** Busy time as a share of the profiled wall time: near 100 % means CPU-bound. */
  busyPercent: number;
  byArea: Array<{ area: string; percent: number }>;
  topFrames: ProfileFrame[];
}

const IDLE = new Set(['(idle)', '(program)']);

/**
 * Where a frame's code lives: our compiled code (`app`), a package (`pkg:<name>`), Node's
 * own JavaScript (`node`), or a V8 pseudo-frame such as `(garbage collector)`.
 */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : 'native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `pkg:${pkg[1]}`;
  if (url.startsWith('node:') || !url.includes('/')) return 'node';
  return 'app';
}

function frameName(callFrame: CpuProfile['nodes'][number]['callFrame']): string {
  const name = callFrame.functionName || '(anonymous)';
  if (!callFrame.url) return name;
  const path = callFrame.url.replace(/^file:\/\//, '');
  const short = path.includes('node_modules/') ? path.replace(/^.*node_modules\//, '') : path.replace(/^.*\/dist\//, '');
  return `${name} ${short}:${callFrame.lineNumber + 1}`;
}

/** Self time per sample, from timeDeltas when present (exact), else hit counts. */
function selfTimeByNode(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  if (profile.samples && profile.timeDeltas && profile.samples.length === profile.timeDeltas.length) {
    // timeDeltas[i] is the gap before sample i; it belongs to the previous sample.
    for (let i = 0; i < profile.samples.length; i++) {
      const duration = profile.timeDeltas[i + 1] ?? 0;
      self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + duration / 1000);
    }
    return self;
  }
  const hits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const perHit = hits > 0 ? (profile.endTime - profile.startTime) / 1000 / hits : 0;
  for (const n of profile.nodes) self.set(n.id, (n.hitCount ?? 0) * perHit);
  return self;
}

export function summarizeCpuProfile(profile: CpuProfile, top = 12): CpuProfileSummary {
  const self = selfTimeByNode(profile);
  const byFrame = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0 || IDLE.has(node.callFrame.functionName)) continue;
    total += ms;
    const frame = frameName(node.callFrame);
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + ms);
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
  }
  const percent = (ms: number) => (total > 0 ? (100 * ms) / total : 0);
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  return {
    totalMs: total,
    busyPercent: wallMs > 0 ? Math.min(100, (100 * total) / wallMs) : 0,
    byArea: [...byArea.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([area, ms]) => ({ area, percent: percent(ms) })),
    topFrames: [...byFrame.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, ms]) => ({ frame, selfMs: ms, percent: percent(ms) })),
  };
}
