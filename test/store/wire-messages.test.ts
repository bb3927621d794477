import { describe, expect, it } from 'vitest';
import {
  lastReadyStatus,
  MessageReader,
  queryMessage,
  SSL_REQUEST,
  startupMessage,
  typedMessage,
} from '../../src/store/wire-messages.js';

function sslRequest(): Buffer {
  const message = Buffer.alloc(8);
  message.writeInt32BE(8, 0);
  message.writeInt32BE(SSL_REQUEST, 4);
  return message;
}

describe('MessageReader', () => {
  it('cuts a stream fed one byte at a time into the untyped, then the typed messages', () => {
    const stream = Buffer.concat([
      sslRequest(),
      startupMessage({ user: 'u', database: 'd' }),
      typedMessage('P', Buffer.from('\0select 1\0\0\0')),
      typedMessage('S'),
      queryMessage('select 2'),
    ]);
    const reader = new MessageReader();
    const types: number[] = [];
    for (const byte of stream) for (const m of reader.push(Buffer.from([byte]))) types.push(m.type);
    expect(types.map((t) => (t === 0 ? 'untyped' : String.fromCharCode(t)))).toEqual([
      'untyped',
      'untyped',
      'P',
      'S',
      'Q',
    ]);
  });

  it('refuses a message too short to be one', () => {
    const bad = Buffer.alloc(4);
    bad.writeInt32BE(4, 0);
    expect(() => new MessageReader().push(bad)).toThrow(/malformed frontend message/);
  });
});

describe('lastReadyStatus', () => {
  const ready = (status: string) => typedMessage('Z', Buffer.from(status));
  it('reads the status of the last ReadyForQuery, or none', () => {
    const row = typedMessage('D', Buffer.from([0, 1, 0, 0, 0, 1, 0x5a]));
    expect(lastReadyStatus(Buffer.concat([ready('T'), row, ready('I')]))).toBe('I');
    expect(lastReadyStatus(Buffer.concat([ready('I'), row, ready('E')]))).toBe('E');
    expect(lastReadyStatus(row)).toBeUndefined();
  });
});
