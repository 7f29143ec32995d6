import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@app/observability';

/**
 * Nest's own log lines (start-up, errors the filter logs) through the service's pino
 * logger. Deliberately not nestjs-pino's request middleware: it runs every request inside
 * an AsyncLocalStorage and a per-request child logger, and async context tracking on
 * every promise was a measured share of the write path's CPU. Requests are counted and
 * timed in /metrics instead; failures are logged once, by the error filter.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    this.write('error', message, context ?? stackOrContext);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, context?: string): void {
    if (!this.logger.isLevelEnabled(level)) return;
    if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context }, String(message));
  }
}
