import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eventually, isAlive, REPO_ROOT } from '@test/support';

/**
 * stopWithParent as compiled (the int tier builds dist/ first), in real processes: the
 * channel alone never keeps a process alive, and once the parent is killed the child gets
 * SIGTERM and, if its stop hangs, is killed after the grace period. The launcher e2e test
 * covers the same with the whole stack; this one does not depend on any service's stop
 * actually hanging.
 */
const COMPILED = path.join(REPO_ROOT, 'dist/libs/ports/src/stop-with-parent.js');
let dir: string;
/** Processes a failed test may leave behind (an orphan that never stops). */
const started: number[] = [];

beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'stop-with-parent-'))));
afterAll(() => {
  for (const pid of started.filter(isAlive)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('lets a process started with a channel exit on its own when it has nothing left to do', async () => {
  const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(COMPILED)}).stopWithParent()`], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? signal)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000); // a channel that keeps it alive fails here, not by hanging the run
  const code = await exited;
  clearTimeout(timer);
  expect(code).toBe(0);
});

it('sends SIGTERM once the parent is killed, and kills a stop that hangs after the grace period', async () => {
  const marker = path.join(dir, 'sigterm');
  // The child: stops with a 300 ms grace, answers SIGTERM by noting it and then hanging on.
  const childScript = [
    `require(${JSON.stringify(COMPILED)}).stopWithParent(300);`,
    `process.on('SIGTERM', () => require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'SIGTERM'));`,
    'setInterval(() => undefined, 1000);',
  ].join('\n');
  // The parent: starts the child with a channel, prints its pid, then waits to be killed.
  const parentScript = [
    `const child = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(childScript)}], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], detached: true });`,
    "console.log(child.pid); setInterval(() => undefined, 1000);",
  ].join('\n');
  const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  const childPid = await new Promise<number>((resolve) => parent.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
  started.push(childPid);
  expect(isAlive(childPid)).toBe(true);

  const killedAt = Date.now();
  parent.kill('SIGKILL');
  await eventually(async () => (isAlive(childPid) ? undefined : true), 10_000, 'the orphaned child to be gone');
  expect(readFileSync(marker, 'utf8')).toBe('SIGTERM');
  // Not at once: it ran its SIGTERM handler and outlived it until the watchdog's 300 ms.
  expect(Date.now() - killedAt).toBeGreaterThanOrEqual(300);
}, 20_000);
