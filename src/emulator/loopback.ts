/** Whether a host to listen on is loopback only (reachable from this machine alone). */
function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || isLoopbackAddress(bare);
}

/** Whether a client's address is loopback: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

/**
 * What `csm emulator` prints on stderr when it listens beyond loopback: the emulator serves credentials
 * and made-up buyer data to whoever can connect. `undefined` on loopback.
 */
export function exposureWarning(host: string, exposeControls: boolean): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  const controls = exposeControls
    ? 'and --expose-controls lets any client read the client secret and refresh tokens from /_emulator/credentials and change the emulator'
    : 'the /_emulator control endpoints (credentials included) answer only loopback clients; --expose-controls opens them to all';
  return `csm-emulator: warning: listening on ${host}, reachable from other machines: LWA and SP-API answer anyone with a token, ${controls}.`;
}
