/** One log method: pino's `(object, message)` call shape. */
export type LogFn = (obj: Record<string, unknown>, msg?: string) => void;

/** The pino-compatible subset the client logs through. A pino logger can be passed as is. */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const noop: LogFn = () => {};

/** Logs nothing: the default, so a library user opts in to log lines. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
