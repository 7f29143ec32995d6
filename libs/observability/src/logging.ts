import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { Logger as PinoNestLogger, LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';
import { configSchema } from '@app/config';

/**
 * Structured JSON logs on stdout. dd-trace's log injection adds `dd.trace_id` /
 * `dd.span_id` to every line written inside a span, which links logs to traces.
 * On a terminal outside production the same records are printed as readable lines
 * (pino-pretty), so a newcomer's first `npm start` is not a wall of JSON.
 */
export function createLogger(name: string, level = 'info', pretty = prettyByDefault()): Logger {
  const options = { name, level, base: { service: name } };
  return pretty ? pino(options, prettyStream()) : pino(options);
}

/**
 * LOG_FORMAT (see libs/config), read here like dd-trace's settings because loggers are
 * created before and outside the Nest container. `auto` means pretty only when stdout is
 * a terminal and NODE_ENV is not production; anything piped gets JSON.
 */
export function prettyByDefault(env: NodeJS.ProcessEnv = process.env, isTty = process.stdout.isTTY === true): boolean {
  const parsed = configSchema.safeParse(env);
  const format = parsed.success ? parsed.data.LOG_FORMAT : 'auto';
  if (format !== 'auto') return format === 'pretty';
  return isTty && (parsed.success ? parsed.data.NODE_ENV : 'development') !== 'production';
}

function prettyStream(): DestinationStream {
  // Loaded only when wanted: production images never need it. Synchronous, so a line
  // logged just before a crash is not lost in a worker thread.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pretty.build({ sync: true, colorize: process.stdout.isTTY === true, ignore: 'pid,hostname,service,ready', translateTime: 'HH:MM:ss.l' });
}

/** nestjs-pino wired to the same logger; request logging only at debug level. */
export function loggerModule(logger: Logger): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger,
      autoLogging: { ignore: () => !logger.isLevelEnabled('debug') },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'debug'),
      redact: ['req.headers.authorization'],
    },
  });
}

/** Nest's own start-up chatter: module wiring and one line per mapped route. */
const NEST_BOOT_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/**
 * Nest logs ~40 route-mapping lines at info on every start; they matter when debugging
 * routing, not when starting the stack. This passes them on at debug and everything else
 * unchanged.
 */
export class StartupQuietLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && NEST_BOOT_CONTEXTS.has(context)) this.inner.debug?.(message, ...rest);
    else this.inner.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.inner.fatal?.(message, ...rest);
  }
}

/** For each Nest app: its logs through pino (loggerModule), start-up chatter at debug. */
export function useServiceLogger(app: INestApplicationContext): void {
  app.useLogger(new StartupQuietLogger(app.get(PinoNestLogger)));
}

/**
 * The one line a person starting a service looks for: where it is and where its docs are.
 * `port` is the one it actually listens on (services bind 0.0.0.0; localhost is what to open).
 */
export function logServiceReady(logger: Logger, service: string, port: number, docsPath?: string): void {
  const url = `http://localhost:${port}`;
  const docs = docsPath ? `${url}${docsPath}` : undefined;
  // Under `ready`: JSON keeps the fields for tools, the readable line already shows them.
  logger.info({ ready: { url, docs } }, `${service} ready at ${url}${docs ? ` (API docs: ${docs})` : ''}`);
}
