/**
 * Preloaded into a service under test (`node -r .../cpu-profile-preload.js`) so the
 * harness can profile exactly one load step. The harness creates `<file>.start` to start
 * the V8 sampling profiler and `<file>.stop` to stop it; the profile is written to
 * `<file>` and renamed to `<file>.done`, so the harness never reads a half-written file.
 *
 * Why not signals: Nest's shutdown hooks listen to SIGUSR2 (and most others) and stop the
 * app. Why not `--cpu-prof`: it would cover start-up and seeding too, and it writes
 * nothing when Nest re-raises SIGTERM after its hooks.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const target = process.env.BENCH_CPU_PROFILE_FILE;
if (target) {
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  let state: 'idle' | 'running' | 'done' = 'idle';
  let busy = false;

  const tick = async () => {
    if (state === 'idle' && existsSync(`${target}.start`)) {
      state = 'running';
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 500 });
      await post('Profiler.start');
    } else if (state === 'running' && existsSync(`${target}.stop`)) {
      state = 'done';
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(target, JSON.stringify(profile));
      renameSync(target, `${target}.done`);
      clearInterval(timer);
    }
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    tick()
      .catch((error: unknown) => process.stderr.write(`bench profiler: ${String(error)}\n`))
      .finally(() => (busy = false));
  }, 50);
  timer.unref();
}
