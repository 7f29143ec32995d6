import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { descendantsOf, dropDatabase, eventually, isAlive, npmStartEnv, RunningProcess, startProcess, uniqueName } from '@test/support';

/**
 * A newcomer's first run: `npm start` with nothing configured but the local Postgres and
 * Redis. It must create the database, start both stand-ins and the three services, accept
 * the dev key, show a recorded result on the read side, and stop cleanly on SIGTERM.
 */
const ROOT = path.resolve(__dirname, '../..');

describe('npm start', () => {
  const database = uniqueName('rankings_test_start');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rankings-start-'));
  let stack: RunningProcess;
  let command: string;
  let query: string;
  let relay: string;
  let projector: string;

  beforeAll(async () => {
    const { env, ports } = await npmStartEnv(database, dataDir, 'start');
    command = `http://127.0.0.1:${ports.command}`;
    query = `http://127.0.0.1:${ports.query}`;
    relay = `http://127.0.0.1:${ports.relay}`;
    projector = `http://127.0.0.1:${ports.projector}`;
    stack = startProcess('npm', ['start', '--silent'], env);
    for (const url of [command, query, relay]) {
      await eventually(async () => ((await fetch(`${url}/health`)).ok ? true : undefined), 90_000, `${url}/health`).catch(
        (error: Error) => {
          throw new Error(`${error.message}\n--- npm start output ---\n${stack.output().slice(-5000)}`);
        },
      );
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await dropDatabase(database);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async (url: string, body: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: 'Bearer dev-key', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id?: string; matchId?: string; eventId: string };
  };

  /** Warnings a first start may print: the dev-key fallback is the point of `npm start`. */
  const ALLOWED_WARNINGS = [/API_KEYS is not set/];

  it('says once per service where it is and where its docs are, with no warning beyond the allowed ones', async () => {
    const ports = { 'match-command': command, 'outbox-relay': relay, 'rankings-query': query, 'rankings-projector': projector };
    const output = await eventually(
      async () => {
        const text = stack.output();
        return Object.keys(ports).every((name) => text.includes(`${name} ready at`)) ? text : undefined;
      },
      30_000,
      'a ready line from every service',
    );
    for (const [name, url] of Object.entries(ports)) {
      const local = url.replace('127.0.0.1', 'localhost');
      const lines = output.split('\n').filter((line) => line.includes(`${name} ready at`));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`${name} ready at ${local}`);
      if (name === 'match-command' || name === 'rankings-query') expect(lines[0]).toContain(`(API docs: ${local}/docs)`);
    }
    expect(output).toMatch(/preparing database \\?"rankings_test_start_\w+\\?": creating it if missing/); // JSON-escaped quotes
    expect(output).not.toContain('Mapped {'); // Nest's route table is debug-level
    const warnings = output
      .split('\n')
      .filter((line) => /"level":(40|50|60)|\bwarn(ing)?\b|EBADENGINE|DeprecationWarning|ExperimentalWarning/i.test(line))
      .filter((line) => !ALLOWED_WARNINGS.some((allowed) => allowed.test(line)));
    expect(warnings).toEqual([]);
    for (const service of [command, query]) {
      const docs = await fetch(`${service}/docs`);
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-type')).toContain('text/html');
    }
  });

  it('installs from the lockfile with no npm warning (engines, install scripts, peers)', () => {
    // The README's first command on this checkout's package.json and lock, as a dry run: npm
    // resolves and checks the whole tree (EBADENGINE, unreviewed install scripts) without
    // touching the node_modules the tests run from.
    const scratch = mkdtempSync(path.join(tmpdir(), 'rankings-install-'));
    try {
      for (const file of ['package.json', 'package-lock.json']) copyFileSync(path.join(ROOT, file), path.join(scratch, file));
      const run = spawnSync('npm', ['ci', '--dry-run', '--no-audit', '--no-fund'], { cwd: scratch, encoding: 'utf8' });
      expect(run.status).toBe(0);
      const warnings = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => /^npm (warn|WARN)\b/.test(line));
      expect(warnings).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);

  it('records a result with the dev key and serves it from the read side', async () => {
    await post(`${command}/divisions`, { id: 'elite-women', name: 'Elite Women' });
    for (const [id, name] of [
      ['ana', 'Ana Silva'],
      ['bea', 'Beatriz Souza'],
    ]) {
      await post(`${command}/athletes`, { id, name, divisionId: 'elite-women', weightClass: 'lightweight', country: 'BR' });
    }
    const match = await post(`${command}/matches`, { divisionId: 'elite-women', redAthleteId: 'ana', blueAthleteId: 'bea' });
    const result = await post(`${command}/matches/${match.id}/result`, {
      winnerId: 'ana',
      method: 'KO',
      completedAt: '2026-11-22T18:00:00.000Z',
    });

    const response = await fetch(`${query}/rankings?divisionId=elite-women&waitFor=${result.eventId}&waitMs=10000`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-projection-stale')).toBeNull();
    const page = (await response.json()) as { items: Array<Record<string, unknown>>; total: number };
    expect(page.total).toBe(2);
    expect(page.items[0]).toMatchObject({ rank: 1, athleteId: 'ana', points: 3, wins: 1, recentForm: ['W'] });
    expect(page.items[1]).toMatchObject({ rank: 2, athleteId: 'bea', points: 0, losses: 1, recentForm: ['L'] });

    const board = await fetch(`${query}/divisions/elite-women/leaderboard?waitFor=${result.eventId}&waitMs=10000`);
    expect(await board.json()).toMatchObject({
      divisionId: 'elite-women',
      items: [{ rank: 1, athleteId: 'ana', points: 3 }, { rank: 2 }],
    });
  }, 60_000);

  it('restarts a service that is killed, and it catches up on what was written meanwhile', async () => {
    // The launcher runs each service in a process group of its own: look among npm's descendants.
    const relayPid = descendantsOf(stack.child.pid!).find((p) => p.args.includes('dist/apps/outbox-relay/src/main.js'))?.pid;
    expect(relayPid).toBeDefined();
    process.kill(relayPid!, 'SIGKILL');
    const created = await post(`${command}/athletes`, {
      id: 'cris',
      name: 'Cris Cyborg',
      divisionId: 'elite-women',
      weightClass: 'featherweight',
      country: 'BR',
    });
    // The restarted relay needs a few seconds to boot; waitMs is capped at 10 s, so ask again.
    const total = await eventually(
      async () => {
        const response = await fetch(`${query}/rankings?divisionId=elite-women&waitFor=${created.eventId}&waitMs=10000`);
        if (response.headers.get('x-projection-stale')) return undefined;
        return ((await response.json()) as { total: number }).total;
      },
      45_000,
      'the athlete registered while the relay was down',
    );
    expect(total).toBe(3);
    expect(stack.output()).toMatch(/relay exited \(SIGKILL\); restarting/);
  }, 70_000);

  it('stops every process it started when npm receives SIGTERM', async () => {
    const started = descendantsOf(stack.child.pid!).map((p) => p.pid);
    // Only npm is signalled, as a process manager would: the signal must travel down.
    stack.child.kill('SIGTERM');
    const timer = setTimeout(() => void stack.stop(0), 30_000);
    const code = await stack.exited;
    clearTimeout(timer);
    expect(code).toBe(0);
    const groupAlive = () => {
      try {
        process.kill(-stack.child.pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    await eventually(async () => (groupAlive() ? undefined : true), 5_000, 'every child process to exit');
    // The services have process groups of their own: check each one npm had started.
    await eventually(async () => (started.some(isAlive) ? undefined : true), 5_000, 'every service process to exit');
    const stillListening = await fetch(`${command}/health`).then(
      () => true,
      () => false,
    );
    expect(stillListening).toBe(false);
  }, 40_000);
});
