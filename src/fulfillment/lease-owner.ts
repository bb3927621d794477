import os from 'node:os';

/** This process as a lease names it: `host/pid/random`, like the sync's run owners. */
export function leaseOwnerName(random: string): string {
  return `${os.hostname()}/${process.pid}/${random}`;
}

/**
 * Whether the process named by a lease is known to be gone: it ran on this host and its PID no longer
 * exists. A process of another host (or a name that does not parse) is not known to be gone: its lease
 * runs out instead.
 */
export function leaseOwnerGone(owner: string | null): boolean {
  if (!owner) return true;
  const [host, pidText] = owner.split('/');
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
