import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StoreError } from './store-error.js';

/** Who owns an embedded data directory, as written in its lock file. */
export interface LockOwner {
  readonly pid: number;
  /** The owner's command without its flags or their values (`csm serve`), so no secret lands on disk. */
  readonly command: string;
  /** When the owner took the lock (ISO 8601). */
  readonly since: string;
  /** The directory of the owner's socket (`.s.PGSQL.5432`), where other processes reach its database. */
  readonly socketDir: string;
  /** Linux: the owner's start time from /proc, so a recycled PID is not mistaken for the owner. */
  readonly procStart?: string;
}

/** A lock this process holds; `release` removes the file if it is still ours. */
export interface StoreLock {
  readonly owner: LockOwner;
  release(): void;
}

/** Another live process owns the data directory. */
export class StoreLockedError extends StoreError {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      'STORE_LOCKED',
      `the data directory ${dataDir} is in use by process ${owner.pid} (${owner.command}, since ${owner.since}); ` +
        'stop that process first, or point CSM_DATA_DIR at another directory',
    );
  }
}

export const LOCK_FILE = 'csm.lock';

/**
 * Takes the data directory's lock file, or throws `StoreLockedError` naming the live owner. A lock left by a
 * dead process is taken over. The file appears whole (written aside, then hard-linked into place, which
 * fails if it exists), so a reader never sees half a lock.
 */
export function acquireStoreLock(dataDir: string, claim: Omit<LockOwner, 'pid' | 'procStart'>): StoreLock {
  const file = path.join(dataDir, LOCK_FILE);
  const start = processStart(process.pid);
  const owner: LockOwner = { pid: process.pid, ...claim, ...(start ? { procStart: start } : {}) };
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
  try {
    // A few rounds: each lost race against another process taking over a stale lock starts over.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(aside, file);
        return { owner, release: () => releaseLock(file, owner.pid) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readStoreLock(dataDir);
      if (current === undefined) continue; // removed meanwhile
      if (isAlive(current)) throw new StoreLockedError(dataDir, current);
      takeOverStale(file, current);
    }
    throw new StoreError(
      'STORE_UNAVAILABLE',
      `could not take the lock ${file}: other processes keep taking it; try again`,
    );
  } finally {
    unlinkQuietly(aside);
  }
}

/** The lock file's owner, or undefined when there is none. An unreadable lock counts as a dead owner's. */
export function readStoreLock(dataDir: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, LOCK_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0) {
      return {
        pid: parsed.pid,
        command: String(parsed.command ?? 'unknown command'),
        since: String(parsed.since ?? 'an unknown time'),
        socketDir: String(parsed.socketDir ?? dataDir),
        ...(typeof parsed.procStart === 'string' ? { procStart: parsed.procStart } : {}),
      };
    }
  } catch {
    // fall through: garbage
  }
  return { pid: 0, command: 'unreadable lock', since: 'an unknown time', socketDir: dataDir };
}

/** Whether the lock's owner still runs: the PID exists, is no zombie, and (Linux) started when it did. */
export function isAlive(owner: LockOwner): boolean {
  if (owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readProcStat(owner.pid);
  if (stat === undefined) return true; // no /proc: trust kill(0)
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return owner.procStart === undefined || owner.procStart === stat.start;
}

/**
 * Moves the stale lock aside by rename, which only one of several racing processes can do, then checks it
 * moved the lock it judged stale; a fresh lock taken meanwhile is put back.
 */
function takeOverStale(file: string, stale: LockOwner): void {
  const moved = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, moved);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const text = readFileSync(moved, 'utf8');
    const pid = (() => {
      try {
        return (JSON.parse(text) as { pid?: unknown }).pid;
      } catch {
        return 0;
      }
    })();
    if (pid !== stale.pid && pid !== 0) {
      try {
        linkSync(moved, file);
      } catch {
        // Someone else holds a fresh lock now; the next round reads it.
      }
    }
  } finally {
    unlinkQuietly(moved);
  }
}

function releaseLock(file: string, pid: number): void {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown };
    if (owner.pid === pid) unlinkSync(file);
  } catch {
    // Gone or replaced: nothing of ours to remove.
  }
}

function processStart(pid: number): string | undefined {
  return readProcStat(pid)?.start;
}

/** Linux /proc/PID/stat: the state (field 3) and start time in clock ticks since boot (field 22). */
function readProcStat(pid: number): { state: string; start: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const start = fields[19];
  return state && start ? { state, start } : undefined;
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
