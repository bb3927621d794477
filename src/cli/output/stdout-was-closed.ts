import { readFileSync, readlinkSync } from 'node:fs';

/**
 * Whether file descriptor 1 was closed when the process started (`csm api … >&-`). Node replaces a
 * closed stdout by /dev/null opened read-write before any JavaScript runs, so every write would succeed
 * and the data vanish. A shell's `> /dev/null` opens it write-only, which tells the two apart. Linux only
 * (it reads /proc); elsewhere this answers false. A parent that spawns csm with stdout 'ignore' gets
 * the same read-write /dev/null from libuv, and counts as closed too.
 */
export function stdoutWasClosed(): boolean {
  try {
    if (readlinkSync('/proc/self/fd/1') !== '/dev/null') return false;
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/fdinfo/1', 'utf8'))?.[1];
    // O_ACCMODE is the low two bits; O_RDWR is 2.
    return flags !== undefined && (Number.parseInt(flags, 8) & 0o3) === 0o2;
  } catch {
    return false;
  }
}
