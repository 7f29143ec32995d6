import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canConnect } from '@app/ports';
import { descendantsOf, dropDatabase, eventually, npmStartEnv, RunningProcess, startProcess, uniqueName } from '@test/support';

/**
 * When the process started (clock ticks since boot), or null once it is gone: with the pid,
 * it names one process, where a pid alone may already belong to another test's new process.
 */
function startTimeOf(pid: number): string | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return fields[0] === 'Z' ? null : (fields[19] ?? null); // an exited, unreaped zombie is gone
  } catch {
    return null;
  }
}

/**
 * The launcher of `npm start` killed with SIGKILL (the OOM killer, `kill -9`, a closed
 * session): it cannot forward anything, and its children run in process groups of their
 * own. Each must notice on its own that the launcher is gone and stop, so that no service
 * or stand-in keeps its port and the next `npm start` can bind it.
 */
describe('launcher killed with SIGKILL', () => {
  const database = uniqueName('rankings_test_killed');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rankings-killed-'));
  let launcher: RunningProcess;
  let children: Array<{ pid: number; args: string; startedAt: string | null }> = [];
  const stillRunning = () => children.filter((c) => c.startedAt !== null && startTimeOf(c.pid) === c.startedAt);
  let ports: Record<string, number>;

  beforeAll(async () => {
    const stack = await npmStartEnv(database, dataDir, 'killed');
    ports = { ...stack.ports };
    // The launcher itself, as `npm start` execs it (the tests' global setup has built dist/).
    launcher = startProcess('node', ['dist/apps/launcher/src/main.js'], stack.env);
    for (const name of ['command', 'query', 'relay', 'projector']) {
      const url = `http://127.0.0.1:${ports[name]}/health`;
      await eventually(async () => ((await fetch(url)).status ? true : undefined), 90_000, url).catch((error: Error) => {
        throw new Error(`${error.message}\n--- launcher output ---\n${launcher.output().slice(-5000)}`);
      });
    }
    children = descendantsOf(launcher.child.pid!).map((c) => ({ ...c, startedAt: startTimeOf(c.pid) }));
  }, 120_000);

  afterAll(async () => {
    await launcher?.stop();
    for (const { pid } of stillRunning()) process.kill(pid, 'SIGKILL'); // only when the test failed
    await dropDatabase(database);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves no process behind: every service and stand-in stops and frees its port', async () => {
    const entries = children.map((c) => c.args.replace(/^.*?(dist\/\S+).*$/, '$1')).sort();
    expect(entries).toEqual(
      [
        'dist/apps/match-command/src/main.js',
        'dist/apps/outbox-relay/src/main.js',
        'dist/apps/rankings-projector/src/main.js',
        'dist/apps/rankings-query/src/main.js',
        'dist/libs/embedded-elasticsearch/src/main.js',
        'dist/libs/embedded-kafka/src/main.js',
      ].sort(),
    );
    process.kill(launcher.child.pid!, 'SIGKILL');
    expect(await launcher.exited).toBe('SIGKILL');
    // Each stops gracefully, or exits after its own 10 s grace when its stop hangs.
    await eventually(async () => (stillRunning().length > 0 ? undefined : true), 30_000, 'every child to stop').catch((error: Error) => {
      throw new Error(`${error.message}; still running: ${stillRunning().map((c) => c.args).join(', ')}`);
    });
    const listening = await Promise.all(Object.entries(ports).map(async ([name, port]) => [name, await canConnect(port)] as const));
    expect(listening.filter(([, open]) => open)).toEqual([]);
  }, 60_000);
});
