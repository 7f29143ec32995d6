/** The pino subset the broker uses, so callers can pass pino, a child logger, or nothing. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

const noop = (): void => undefined;

export const silentLogger: Logger = { info: noop, warn: noop, error: noop, debug: noop };
