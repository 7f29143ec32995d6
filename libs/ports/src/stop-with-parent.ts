import { Worker } from 'node:worker_threads';

/**
 * Stops this process the way SIGTERM does once the process that started it is gone.
 *
 * The launcher (`npm start`), the test helpers and the benchmark start every service and
 * stand-in with an IPC channel. When that parent dies, even by SIGKILL (which no handler
 * can forward), the channel closes and the child sends itself SIGTERM, so its own graceful
 * stop runs. Before, a launcher killed that way left its children running in their own
 * process groups, holding their ports, and the next `npm start` could not bind them.
 *
 * The stop is bounded (`graceMs`): a stop that hangs is killed. One does: pino flushes its
 * output synchronously on exit, and sonic-boom 4's `flushSync` retries a write that failed
 * with EPIPE (the pipe's reader, the launcher, is gone) for ever, blocking the main thread.
 *
 * A process started without a channel (a container, systemd, a terminal) is not affected,
 * and the channel never keeps the process alive. Output written after the parent is gone
 * has no reader: a broken pipe on stdout/stderr is ignored instead of crashing the stop.
 */
export function stopWithParent(graceMs = STOP_GRACE_MS): void {
  const channel = process.channel;
  if (!channel) return;
  channel.unref();
  process.once('disconnect', () => {
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    // Nobody is left to escalate to SIGKILL, as the launcher would after its grace period,
    // so a watchdog does. It runs on a thread of its own: the hang it guards against blocks
    // this one (a timer here would never fire).
    new Worker(`setTimeout(() => process.kill(${process.pid}, 'SIGKILL'), ${graceMs})`, { eval: true }).unref();
    process.kill(process.pid, 'SIGTERM');
  });
}

/** How long a stop started this way may take before the process exits anyway. */
const STOP_GRACE_MS = 10_000;

/**
 * Whether a compiled entry point calls stopWithParent (every main of apps/ and libs/), so a
 * parent may give it an IPC channel. One that does not would be kept alive by the channel.
 */
export function stopsWithParent(entry: string): boolean {
  return /(^|\/)dist\/(apps|libs)\/[^/]+\/src\/main\.js$/.test(entry);
}
