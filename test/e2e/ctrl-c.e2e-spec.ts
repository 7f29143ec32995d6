import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropDatabase, eventually, npmStartEnv, RunningProcess, startProcess, uniqueName } from '@test/support';

/**
 * Ctrl-C on `npm start`: the terminal sends SIGINT to the whole foreground process group.
 * Every process of the stack must shut down gracefully, each getting ONE signal (SIGTERM,
 * from the launcher), and the whole thing must exit 0.
 */
describe('Ctrl-C on npm start', () => {
  const database = uniqueName('rankings_test_ctrlc');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rankings-ctrlc-'));
  let stack: RunningProcess;

  beforeAll(async () => {
    const { env, ports } = await npmStartEnv(database, dataDir, 'ctrlc');
    const { command: commandPort, query: queryPort, relay: relayPort } = ports;
    // startProcess puts npm in a process group of its own, like a terminal's foreground job.
    stack = startProcess('npm', ['start', '--silent'], env);
    for (const port of [commandPort, queryPort, relayPort]) {
      await eventually(async () => ((await fetch(`http://127.0.0.1:${port}/health`)).status ? true : undefined), 90_000, `port ${port}`).catch(
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

  /** The JSON log lines one process printed (its launcher prefix stripped). */
  const logsOf = (name: string): Array<Record<string, unknown>> =>
    stack
      .output()
      .split('\n')
      .filter((line) => line.startsWith(`[${name}]`))
      .map((line) => line.slice(line.indexOf(']') + 1).trim())
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const shutdownLines = (name: string, message: RegExp) => logsOf(name).filter((l) => message.test(String(l.msg ?? '')));

  it('stops every service gracefully, each with one SIGTERM, and exits 0', async () => {
    process.kill(-stack.child.pid!, 'SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([stack.exited, new Promise((resolve) => (timer = setTimeout(() => resolve('still running after 40 s'), 40_000)))]);
    clearTimeout(timer);
    expect({ code, output: code === 0 ? '' : stack.output().slice(-4000) }).toEqual({ code: 0, output: '' });

    const expected: Array<[string, RegExp]> = [
      ['kafka', /^shutting down$/],
      ['elasticsearch', /^shutting down$/],
      ['relay', /^outbox relay shutting down$/],
      ['query', /^rankings-query shutting down$/],
      ['projector', /^rankings-projector shutting down$/],
    ];
    for (const [name, message] of expected) {
      const lines = shutdownLines(name, message);
      expect({ name, signals: lines.map((l) => l.signal) }).toEqual({ name, signals: ['SIGTERM'] });
    }
    expect(shutdownLines('query', /^rankings-query stopped$/)).toHaveLength(1);
    expect(shutdownLines('projector', /^rankings-projector stopped$/)).toHaveLength(1);
    expect(shutdownLines('command', /^match-command shut down \(SIGTERM\)$/)).toHaveLength(1);
    for (const name of ['kafka', 'elasticsearch', 'command', 'relay', 'query', 'projector']) {
      expect(stack.output()).toMatch(new RegExp(`\\[launcher\\] ${name} stopped \\((code 0|SIGTERM)\\)`));
    }
    expect(stack.output()).not.toMatch(/did not stop within|restarting/);
  }, 60_000);
});
