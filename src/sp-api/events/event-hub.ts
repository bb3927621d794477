import { isCsmApiError } from '../errors/guards.js';
import type { Logger } from '../log/logger.js';
import type {
  EventError,
  SpApiClientEvent,
  SpApiClientEventType,
  SpApiClientListener,
} from './client-events.js';

/** Where the layers report events and where listeners subscribe. */
export interface EventHub {
  emit(event: SpApiClientEvent): void;
  /** Subscribes to one type of event; returns the function that unsubscribes. */
  on<T extends SpApiClientEventType>(type: T, listener: SpApiClientListener<T>): () => void;
}

/**
 * Delivers events synchronously to `onEvent` and to the listeners of their type. A listener that throws
 * is logged and otherwise ignored: observing a call must never break it.
 */
export function createEventHub(
  onEvent: ((event: SpApiClientEvent) => void) | undefined,
  logger: Logger,
): EventHub {
  const listeners = new Map<SpApiClientEventType, Set<(event: SpApiClientEvent) => void>>();
  const deliver = (listener: (event: SpApiClientEvent) => void, event: SpApiClientEvent): void => {
    try {
      listener(event);
    } catch (error) {
      logger.warn(
        { event: event.type, error: { name: error instanceof Error ? error.name : typeof error } },
        'sp-api event listener threw',
      );
    }
  };
  return {
    emit(event) {
      if (onEvent) deliver(onEvent, event);
      for (const listener of listeners.get(event.type) ?? []) deliver(listener, event);
    },
    on(type, listener) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      const entry = listener as (event: SpApiClientEvent) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };
}

/** The branchable part of a failure, for an event; anything that is not the client's error is an abort. */
export function eventError(error: unknown): EventError {
  if (!isCsmApiError(error)) return { kind: 'aborted', code: undefined, retryable: false };
  return { kind: error.kind, code: error.diagnosis?.code, retryable: error.retryable };
}
