/** Where `csm serve` listens unless told otherwise. (Kept apart from the server: no fastify to load.) */
export const HTTP_DEFAULTS = { host: '127.0.0.1', port: 8080, closeTimeoutMs: 10_000 } as const;

/** Whether a host only listens on this machine (a wider one deserves a warning: the API holds buyer data). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
