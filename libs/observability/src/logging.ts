import pino, { Logger } from 'pino';
import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';

/**
 * Structured JSON logs on stdout. dd-trace's log injection adds `dd.trace_id` /
 * `dd.span_id` to every line written inside a span, which links logs to traces.
 */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({ name, level, base: { service: name } });
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
