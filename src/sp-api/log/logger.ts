import type { Redactor } from '../redact.js';

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

/**
 * A logger whose lines pass through the redactor first: every string of the object and the message, so a
 * secret the client knows never reaches a log line, whoever built it.
 */
export function redactingLogger(logger: Logger, redactor: Pick<Redactor, 'text' | 'strings'>): Logger {
  const wrap =
    (log: LogFn): LogFn =>
    (obj, msg) =>
      msg === undefined
        ? log(redactor.strings(obj) as Record<string, unknown>)
        : log(redactor.strings(obj) as Record<string, unknown>, redactor.text(msg));
  return {
    debug: wrap(logger.debug.bind(logger)),
    info: wrap(logger.info.bind(logger)),
    warn: wrap(logger.warn.bind(logger)),
    error: wrap(logger.error.bind(logger)),
  };
}
