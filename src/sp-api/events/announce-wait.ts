import type { Logger } from '../log/logger.js';
import type { WaitEvent } from './client-events.js';
import type { EventHub } from './event-hub.js';

/** A wait longer than this is said on the logger at warn, not only reported as an event. */
export const LONG_WAIT_MS = 5000;

/**
 * Reports a wait before it begins: a `wait` event always, and a log line that says what for, how long and
 * why, at warn when it is longer than five seconds (so `csm` and any service log show it), else debug.
 */
export function announceWait(event: Omit<WaitEvent, 'type'>, events: EventHub, logger: Logger): void {
  if (event.waitMs <= 0) return;
  events.emit({ type: 'wait', ...event });
  const line = {
    operation: event.operation,
    attempt: event.attempt,
    for: event.for,
    waitMs: event.waitMs,
    reason: event.reason,
  };
  if (event.waitMs > LONG_WAIT_MS)
    logger.warn(line, `sp-api waiting ${Math.round(event.waitMs / 1000)} s for ${event.for}`);
  else logger.debug(line, `sp-api waiting for ${event.for}`);
}
