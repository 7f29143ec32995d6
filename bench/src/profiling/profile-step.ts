import path from 'node:path';
import { writeFileSync } from 'node:fs';
import type { ServiceProcess } from '../harness/service-process';
import type { ProfileSummary } from '../report/scenario-result';
import { CpuProfile, summarizeCpuProfile } from './cpu-profile-summary';

/**
 * Runs `step` with the profiler of each given service on (those started with one) and
 * returns the step's result with a summary of where each spent its CPU meanwhile.
 */
export async function profileDuring<T>(
  services: ServiceProcess[],
  window: string,
  outDir: string,
  step: () => Promise<T>,
): Promise<{ result: T; profiles: ProfileSummary[] }> {
  const profiled = services.filter((s) => s.spec.profileFile);
  for (const service of profiled) await service.startProfile();
  let result: T;
  try {
    result = await step();
  } catch (error) {
    // Stop even when the step failed, so no process is left profiling.
    for (const service of profiled) await service.stopProfile();
    throw error;
  }
  const profiles: ProfileSummary[] = [];
  for (const service of profiled) {
    const raw = await service.stopProfile();
    if (!raw) continue;
    const file = path.join(outDir, `${service.spec.name}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(raw));
    profiles.push({ process: service.spec.name, window, file, ...summarizeCpuProfile(raw as CpuProfile) });
  }
  return { result, profiles };
}
