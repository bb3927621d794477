/**
 * Just enough of the PostgreSQL wire protocol (v3) to cut a client's byte stream into messages and to read
 * the transaction status a server reports. See https://www.postgresql.org/docs/current/protocol-message-formats.html
 */

/** Request codes of the untyped first message of a connection. */
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
export const PROTOCOL_3_0 = 196608;

/** A frontend message: its type byte (0 for the untyped startup-phase messages) and all its bytes. */
export interface FrontendMessage {
  readonly type: number;
  readonly bytes: Buffer;
}

/**
 * Cuts a client's byte stream into whole messages. A connection starts with untyped messages (length, then
 * a request code): SSLRequest and GSSENCRequest, answered `N`, may come before the StartupMessage, after
 * which every message is typed.
 */
export class MessageReader {
  private pending = Buffer.alloc(0);
  private untyped = true;

  /** Adds received bytes and returns the messages now complete. */
  push(chunk: Buffer): FrontendMessage[] {
    const buffer = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const messages: FrontendMessage[] = [];
    let offset = 0;
    for (;;) {
      const header = this.untyped ? 4 : 5;
      if (buffer.length - offset < header) break;
      const length = buffer.readInt32BE(offset + (this.untyped ? 0 : 1));
      // An untyped message holds at least its length and a request code.
      if (length < (this.untyped ? 8 : 4)) throw new Error(`malformed frontend message (length ${length})`);
      const total = this.untyped ? length : length + 1;
      if (buffer.length - offset < total) break;
      // A copy: the socket may reuse its chunk's memory.
      const bytes = Buffer.from(buffer.subarray(offset, offset + total));
      const message = { type: this.untyped ? 0 : (bytes[0] as number), bytes };
      messages.push(message);
      offset += total;
      if (this.untyped && requestCode(message) === PROTOCOL_3_0) this.untyped = false;
    }
    this.pending = Buffer.from(buffer.subarray(offset));
    return messages;
  }
}

/** The request code of an untyped startup-phase message. */
export function requestCode(message: FrontendMessage): number {
  return message.bytes.readInt32BE(4);
}

/** A StartupMessage (protocol 3.0) with the given parameters. */
export function startupMessage(parameters: Record<string, string>): Buffer {
  const body = Buffer.from(`${Object.entries(parameters).flat().join('\0')}\0\0`, 'utf8');
  const message = Buffer.alloc(8 + body.length);
  message.writeInt32BE(message.length, 0);
  message.writeInt32BE(PROTOCOL_3_0, 4);
  body.copy(message, 8);
  return message;
}

/** A typed message (either direction: the framing is the same): type byte, length, body. */
export function typedMessage(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const message = Buffer.alloc(5 + body.length);
  message.write(type, 0, 'latin1');
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

/** A simple Query message. */
export function queryMessage(sql: string): Buffer {
  return typedMessage('Q', Buffer.from(`${sql}\0`, 'utf8'));
}

/** An ErrorResponse (severity FATAL) with SQLSTATE and message, for failures the server reports itself. */
export function errorResponse(sqlState: string, text: string): Buffer {
  return typedMessage('E', Buffer.from(`SFATAL\0VFATAL\0C${sqlState}\0M${text}\0\0`, 'utf8'));
}

/**
 * The transaction status of the last ReadyForQuery in a backend reply: `I` idle, `T` in a transaction,
 * `E` in a failed transaction; undefined when the reply has none (the client has more to send).
 */
export function lastReadyStatus(reply: Uint8Array): 'I' | 'T' | 'E' | undefined {
  let status: 'I' | 'T' | 'E' | undefined;
  let offset = 0;
  const view = new DataView(reply.buffer, reply.byteOffset, reply.byteLength);
  while (offset + 5 <= reply.length) {
    const type = reply[offset];
    const length = view.getInt32(offset + 1);
    if (type === 0x5a /* Z */ && length === 5 && offset + 6 <= reply.length) {
      status = String.fromCharCode(reply[offset + 5] as number) as 'I' | 'T' | 'E';
    }
    offset += 1 + length;
  }
  return status;
}
