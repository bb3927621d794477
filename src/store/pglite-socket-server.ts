import { unlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Clock, Timer } from '../time/clock.js';
import {
  CANCEL_REQUEST,
  errorResponse,
  GSSENC_REQUEST,
  lastReadyStatus,
  MessageReader,
  PROTOCOL_3_0,
  queryMessage,
  requestCode,
  SSL_REQUEST,
  startupMessage,
  typedMessage,
} from './wire-messages.js';

/** The socket file's name: what `pg` (libpq too) looks for in the directory given as `host`. */
export const SOCKET_FILE = '.s.PGSQL.5432';

/** A running socket server in front of one PGlite instance. */
export interface PgliteSocketServer {
  /** The directory holding the socket file; give it to `pg` as `host`. */
  readonly socketDir: string;
  /** Stops accepting, rolls back what open connections left in a transaction, removes the socket file. */
  close(): Promise<void>;
}

// Messages after which the client waits for an answer. Sync and Query end an extended or simple query and
// get a ReadyForQuery; Flush asks for what is pending so far; CopyDone/CopyFail end a COPY FROM STDIN;
// FunctionCall is answered on its own.
const UNIT_END = new Set(['S', 'Q', 'H', 'c', 'f', 'F'].map((c) => c.charCodeAt(0)));
const TERMINATE = 'X'.charCodeAt(0);
/** A unit that waits this long for the database says so on stderr, once. */
const WAIT_NOTICE_MS = 5_000;

/**
 * Serves a PGlite database over the PostgreSQL wire protocol on a unix socket, safely for concurrent
 * connections: PGlite is one backend with one session, so each connection's messages up to a Sync (or a
 * simple Query) run as one unit, and a connection that leaves a transaction open keeps the database until
 * the transaction ends. Other connections queue meanwhile, in arrival order. (The stock pglite-socket
 * multiplexer runs one message at a time, so concurrent extended queries interleave and one connection can
 * get another's results: see docs/architecture.md, "Store".)
 *
 * All connections share the one session: `SET`, temp tables, named prepared statements and LISTEN are
 * seen by all, so application code keeps no session state.
 */
export async function servePglite(
  db: PGlite,
  socketDir: string,
  { clock, notify }: { clock: Clock; notify: (line: string) => void },
): Promise<PgliteSocketServer> {
  const socketPath = path.join(socketDir, SOCKET_FILE);
  // A socket file left by a dead owner would make listen fail with EADDRINUSE; the caller holds the lock.
  unlinkQuietly(socketPath);
  const gate = new Gate();
  const connections = new Set<Connection>();
  const server = net.createServer((socket) => {
    const connection = new Connection(socket, db, gate, () =>
      clock.setTimer(WAIT_NOTICE_MS, () =>
        notify(
          `csm: a database query has waited ${WAIT_NOTICE_MS / 1000} s for another connection's transaction ` +
            'to end (on the embedded store, code that queries outside its own open transaction waits forever)',
        ),
      ),
    );
    connections.add(connection);
    void connection.done.then(() => connections.delete(connection));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    socketDir,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of connections) connection.socket.destroy();
      await Promise.all([...connections].map((c) => c.done));
      await closed;
      unlinkQuietly(socketPath);
    },
  };
}

/** One client connection: reads messages, runs them in units through the gate, answers. */
class Connection {
  readonly done: Promise<void>;
  private readonly reader = new MessageReader();
  private unit: Buffer[] = [];
  /** This connection's work, in order: units run one after another, the cleanup last. */
  private work: Promise<void> = Promise.resolve();
  /** Set while this connection holds the database (a unit running, or its transaction open). */
  private release: (() => void) | undefined;

  constructor(
    readonly socket: net.Socket,
    private readonly db: PGlite,
    private readonly gate: Gate,
    private readonly waitNotice: () => Timer,
  ) {
    let closed: () => void = () => {};
    this.done = new Promise((resolve) => {
      closed = resolve;
    });
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      // Units already received still run (as PostgreSQL would run what reached it); then the cleanup.
      this.enqueue(() => this.rollbackAndRelease());
      void this.work.then(closed);
    });
  }

  private receive(chunk: Buffer): void {
    let messages: ReturnType<MessageReader['push']>;
    try {
      messages = this.reader.push(chunk);
    } catch {
      this.socket.destroy();
      return;
    }
    for (const message of messages) {
      if (message.type === 0) {
        this.startupPhase(requestCode(message));
      } else if (message.type === TERMINATE) {
        this.socket.end();
      } else {
        this.unit.push(message.bytes);
        if (UNIT_END.has(message.type)) {
          const unit = Buffer.concat(this.unit);
          this.unit = [];
          this.enqueue(() => this.execute(unit));
        }
      }
    }
  }

  private startupPhase(code: number): void {
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      this.socket.write('N'); // no encryption on a unix socket; the client goes on in plain text
    } else if (code === PROTOCOL_3_0) {
      // PGlite answers the startup itself (AuthenticationOk, parameters, ReadyForQuery). The client's own
      // parameters are not passed on: with one shared session they would change it for every connection.
      this.enqueue(() => this.execute(startupMessage({ user: 'postgres', database: 'postgres' })));
    } else if (code === CANCEL_REQUEST) {
      this.socket.destroy(); // nothing to cancel: a unit runs to its end
    } else {
      this.socket.end(errorResponse('08P01', `unsupported protocol or request code ${code}`));
    }
  }

  private enqueue(step: () => Promise<void>): void {
    // A step that fails unexpectedly ends the connection, and the chain goes on, so the cleanup step
    // queued by the close still rolls back and releases the database.
    this.work = this.work.then(step).catch(() => {
      this.socket.destroy();
    });
  }

  private async execute(unit: Buffer): Promise<void> {
    if (!this.release) {
      // A timer only when someone else holds the database: most units find it free.
      const notice = this.gate.busy ? this.waitNotice() : undefined;
      this.release = await this.gate.acquire();
      notice?.cancel();
    }
    let reply: Uint8Array;
    try {
      reply = await execRaw(this.db, unit);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.socket.end(errorResponse('XX000', `the embedded database failed: ${reason}`));
      return; // the close handler rolls back and releases
    }
    if (!this.socket.destroyed) this.socket.write(reply);
    if (lastReadyStatus(reply) === 'I') this.letGo();
  }

  /** A connection that ends inside a transaction (or an unfinished extended query) leaves nothing behind. */
  private async rollbackAndRelease(): Promise<void> {
    if (!this.release) return;
    try {
      await execRaw(this.db, Buffer.concat([typedMessage('S'), queryMessage('ROLLBACK')]));
    } catch {
      // The database itself failed; the next unit will report it.
    }
    this.letGo();
  }

  private letGo(): void {
    const release = this.release;
    this.release = undefined;
    release?.();
  }
}

/**
 * Runs protocol messages on PGlite and returns its reply bytes. Not `execProtocolRaw`: PGlite 0.5 also
 * parses every reply of that call into messages it keeps until its next `query`/`execProtocol`, which a
 * socket server never calls, so every row ever served stayed in memory (about 3 KB per order exported) and
 * was parsed for nothing. The stream variant hands the bytes over unparsed; it is used for every message,
 * the startup included, so PGlite's output always goes to the current caller.
 */
async function execRaw(db: PGlite, unit: Uint8Array): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  await db.execProtocolRawStream(unit, {
    onRawData: (data) => {
      // A view of PGlite's memory: copied before the next write reuses it.
      chunks.push(data.slice());
      size += data.length;
    },
  });
  if (chunks.length === 1) return chunks[0]!;
  const reply = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    reply.set(chunk, offset);
    offset += chunk.length;
  }
  return reply;
}

/** A first-come, first-served mutex: `acquire` resolves with the function that lets the next one in. */
class Gate {
  private tail: Promise<void> = Promise.resolve();
  /** Holders and waiters. */
  private count = 0;

  get busy(): boolean {
    return this.count > 0;
  }

  acquire(): Promise<() => void> {
    this.count++;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = () => {
        this.count--;
        resolve();
      };
    });
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return acquired;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // not there
  }
}
