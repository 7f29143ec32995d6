import path from 'node:path';
import { writeFileSync } from 'node:fs';
import type { ServiceProcess } from '../harness/service-process';
import type { ProfileSummary } from '../report/scenario-result';
import { CpuProfile, summarizeCpuProfile } from './cpu-profile-summary';

/**
 * Runs `step` with the service's profiler on (when it was started with one) and returns
 * the step's result with a summary of where the service spent its CPU meanwhile.
 */
export async function profileDuring<T>(
  service: ServiceProcess,
  window: string,
  outDir: string,
  step: () => Promise<T>,
): Promise<{ result: T; profile: ProfileSummary | null }> {
  if (!service.spec.profileFile) return { result: await step(), profile: null };
  await service.startProfile();
  let result: T;
  try {
    result = await step();
  } catch (error) {
    // Stop even when the step failed, so the process is not left profiling.
    await service.stopProfile();
    throw error;
  }
  const raw = await service.stopProfile();
  if (!raw) return { result, profile: null };
  const file = path.join(outDir, `${service.spec.name}-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(raw));
  const summary = summarizeCpuProfile(raw as CpuProfile);
  return { result, profile: { process: service.spec.name, window, file, ...summary } };
}
