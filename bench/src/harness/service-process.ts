import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync, WriteStream } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { canConnect, stopsWithParent } from '@app/ports';
import type { Cleanup } from './cleanup';
import { UnavailableError } from './errors';
import { request } from './http-client';
import { entryPoints, repoRoot } from './paths';

export interface ServiceSpec {
  name: string;
  /** Compiled entry point, relative to the repository root. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** Ready when this URL answers 200, or when this port accepts connections. */
  ready: { url: string } | { port: number };
  readyTimeoutMs?: number;
  /** Preload the file-triggered profiler (see cpu-profile-preload.ts). */
  profileFile?: string;
  args?: string[];
}

export interface ServiceRuntime {
  cleanup: Cleanup;
  logDir: string;
  log: (message: string) => void;
}

/**
 * One child process under test: output kept in a log file and a short tail for error
 * messages, readiness awaited, stopped with SIGTERM then SIGKILL.
 */
export class ServiceProcess {
  private tail: string[] = [];
  private exitCode: number | null | undefined = undefined;
  private readonly logStream: WriteStream;
  readonly logFile: string;

  private constructor(
    readonly spec: ServiceSpec,
    private readonly child: ChildProcess,
    logDir: string,
  ) {
    this.logFile = path.join(logDir, `${spec.name}.log`);
    this.logStream = createWriteStream(this.logFile);
    const keep = (chunk: Buffer) => {
      this.logStream.write(chunk);
      this.tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (this.tail.length > 30) this.tail.splice(0, this.tail.length - 30);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      this.exitCode = code ?? (signal ? -1 : null);
    });
  }

  static async start(spec: ServiceSpec, runtime: ServiceRuntime): Promise<ServiceProcess> {
    const entry = path.join(repoRoot, spec.entry);
    if (!existsSync(entry)) {
      throw new UnavailableError(
        `${spec.name} is not available: ${spec.entry} does not exist after the build (is it merged yet?)`,
      );
    }
    const nodeArgs = spec.profileFile ? ['-r', path.join(repoRoot, entryPoints.profilePreload)] : [];
    const child = spawn(process.execPath, [...nodeArgs, entry, ...(spec.args ?? [])], {
      cwd: repoRoot,
      env: { ...spec.env, ...(spec.profileFile ? { BENCH_CPU_PROFILE_FILE: spec.profileFile } : {}) },
      // The services and stand-ins stop on their own when the channel closes (a killed bench).
      // The bare baselines have no such hook and get none.
      stdio: ['ignore', 'pipe', 'pipe', ...(stopsWithParent(spec.entry) ? ['ipc' as const] : [])],
    });
    const service = new ServiceProcess(spec, child, runtime.logDir);
    runtime.cleanup.add(`stop ${spec.name}`, () => service.stop());
    await service.waitUntilReady();
    runtime.log(`  ${spec.name} ready (pid ${child.pid})`);
    return service;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The last lines the process printed, for error messages. */
  recentOutput(): string {
    return this.tail.slice(-12).join('\n');
  }

  private async waitUntilReady(): Promise<void> {
    const timeoutMs = this.spec.readyTimeoutMs ?? 90_000;
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new UnavailableError(
          `${this.spec.name} exited (code ${String(this.exitCode)}) before it was ready; log ${this.logFile}:\n${this.recentOutput()}`,
        );
      }
      const ready = this.spec.ready;
      if ('port' in ready) {
        if (await canConnect(ready.port)) return;
      } else {
        try {
          const response = await request('GET', ready.url, { timeoutMs: 2000 });
          if (response.status === 200) return;
          last = `${response.status} ${response.body.slice(0, 200)}`;
        } catch (error) {
          last = error instanceof Error ? error.message : String(error);
        }
      }
      await sleep(200);
    }
    throw new UnavailableError(
      `${this.spec.name} was not ready after ${timeoutMs} ms (last health answer: ${last}); log ${this.logFile}:\n${this.recentOutput()}`,
    );
  }

  /** Starts the preloaded sampling profiler (see cpu-profile-preload.ts). */
  async startProfile(): Promise<void> {
    if (!this.spec.profileFile || !this.running) return;
    writeFileSync(`${this.spec.profileFile}.start`, '');
    await sleep(150); // the preload looks every 50 ms
  }

  /** Stops the profiler and returns the profile, or null if none was written in time. */
  async stopProfile(): Promise<unknown> {
    if (!this.spec.profileFile || !this.running) return null;
    writeFileSync(`${this.spec.profileFile}.stop`, '');
    const done = `${this.spec.profileFile}.done`;
    for (let i = 0; i < 150 && !existsSync(done); i++) await sleep(100);
    return existsSync(done) ? (JSON.parse(readFileSync(done, 'utf8')) as unknown) : null;
  }

  async stop(): Promise<void> {
    if (this.running) {
      this.child.kill('SIGTERM');
      for (let i = 0; i < 100 && this.running; i++) await sleep(100);
      if (this.running) this.child.kill('SIGKILL');
      for (let i = 0; i < 30 && this.running; i++) await sleep(100);
    }
    await new Promise<void>((resolve) => this.logStream.end(resolve));
  }
}
