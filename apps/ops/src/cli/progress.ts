import { SingleBar, Presets } from 'cli-progress';

/** Progress of a long job: a bar on a terminal, plain throttled lines in logs and CI. */
export interface Progress {
  start(total: number, done: number): void;
  advance(by: number): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  unit: string;
  /** Where progress goes; stderr, so `--json` output on stdout stays clean. */
  stream?: NodeJS.WriteStream;
  /** Minimum gap between plain lines. */
  lineIntervalMs?: number;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  return stream.isTTY ? new BarProgress(options, stream) : new LineProgress(options, stream);
}

class BarProgress implements Progress {
  private readonly bar: SingleBar;

  constructor({ label, unit }: ProgressOptions, stream: NodeJS.WriteStream) {
    this.bar = new SingleBar(
      {
        stream,
        format: `${label} {bar} {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
        etaBuffer: 20,
        fps: 5,
      },
      Presets.shades_classic,
    );
  }

  private startedAt = 0;
  private startedFrom = 0;
  private done = 0;

  start(total: number, done: number): void {
    Object.assign(this, { startedAt: Date.now(), startedFrom: done, done });
    this.bar.start(Math.max(total, done), done, { rate: '0' });
  }

  advance(by: number): void {
    this.done += by;
    if (this.done > this.bar.getTotal()) this.bar.setTotal(this.done);
    this.bar.update(this.done, { rate: rate(this.done - this.startedFrom, this.startedAt) });
  }

  stop(): void {
    this.bar.stop();
  }
}

/** Not a terminal: one line at most every few seconds, with the same count, rate and ETA. */
class LineProgress implements Progress {
  private total = 0;
  private done = 0;
  private startedFrom = 0;
  private startedAt = 0;
  private lastLineAt = 0;

  constructor(
    private readonly options: ProgressOptions,
    private readonly stream: NodeJS.WriteStream,
  ) {}

  start(total: number, done: number): void {
    Object.assign(this, { total, done, startedFrom: done, startedAt: Date.now(), lastLineAt: Date.now() });
    this.line();
  }

  advance(by: number): void {
    this.done += by;
    if (Date.now() - this.lastLineAt >= (this.options.lineIntervalMs ?? 2000)) this.line();
  }

  stop(): void {
    this.line();
  }

  private line(): void {
    this.lastLineAt = Date.now();
    const perSecond = Number(rate(this.done - this.startedFrom, this.startedAt));
    const left = Math.max(0, this.total - this.done);
    const eta = perSecond > 0 ? `${Math.ceil(left / perSecond)}s` : '?';
    const pct = this.total > 0 ? Math.floor((100 * this.done) / this.total) : 100;
    const { label, unit } = this.options;
    this.stream.write(`${label} ${this.done}/${this.total} ${unit} (${pct}%) | ${perSecond} ${unit}/s | ETA ${eta}\n`);
  }
}

function rate(count: number, since: number): string {
  const seconds = (Date.now() - since) / 1000;
  return seconds > 0 ? String(Math.round(count / seconds)) : '0';
}
