/** The host (and port) of a URL, for logs, events and per-host measurements; '' when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
