import { ApiError } from '../api.js';
import { h, notice } from '../dom.js';

/** What a page is given: the route's parameters, the URL (its query holds filters) and a way to move on. */
export interface PageContext {
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
  readonly navigate: (to: string, replaceEntry?: boolean) => void;
}

/** A page draws itself from the API into one element; a rejection is shown as the page's error. */
export type Page = (context: PageContext) => Promise<HTMLElement>;

/**
 * What a page shows for a part of csm whose API routes are not in this build (a 404 `no route`): a clear
 * "not available" instead of an error. Other errors are thrown on.
 */
export function unavailable(error: unknown, what: string): HTMLElement {
  if (error instanceof ApiError && error.missingRoute) {
    return notice('info', `${what} is not available in this csm yet (its API routes are not installed).`);
  }
  throw error;
}

/** An error of an action (a form, a button) as a message beside it. */
export function failure(error: unknown): HTMLElement {
  if (error instanceof ApiError) {
    return notice('error', error.message, error.field ? ` (field: ${error.field})` : '');
  }
  return notice('error', String(error));
}

/** A page's heading with an optional line under it. */
export function heading(title: string, lead?: string): HTMLElement[] {
  return [h('h1', {}, title), ...(lead ? [h('p', { class: 'lead' }, lead)] : [])];
}
