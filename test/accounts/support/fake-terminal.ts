import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';

/** Keys as a terminal sends them. */
export const KEY = { enter: '\r', down: '\x1b[B', backspace: '\x7f' } as const;

/**
 * A terminal for prompts: keys go in through `input`, the drawn screen comes out of `output`. `answer`
 * waits until a prompt's message appears (after the previous one) and types the keys, so a test drives a
 * whole wizard step by step, as a person would.
 */
export class FakeTerminal {
  readonly input = new PassThrough();
  /**
   * Like a real terminal's stream, it outlives each prompt: the prompts pipe into it, and a pipe ends its
   * destination when the source ends (Node spares only process.stdout and stderr), so `end` is ignored.
   */
  readonly output: Writable = Object.assign(
    new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        this.receive(chunk);
        callback();
      },
    }),
    {
      end: function (this: Writable) {
        return this;
      },
    },
  );
  /** Everything drawn so far, without colours and cursor moves. */
  text = '';
  private cursor = 0;
  private waiters: (() => void)[] = [];

  private receive(chunk: Buffer): void {
    this.text += stripVTControlCharacters(chunk.toString('utf8'));
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves once `text` appears after the last answered prompt. */
  async waitFor(text: string): Promise<void> {
    while (!this.text.includes(text, this.cursor)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.cursor = this.text.indexOf(text, this.cursor) + text.length;
  }

  /** Waits for the prompt (drawn as `? message`), then types the keys. */
  async answer(prompt: string, keys: string): Promise<void> {
    await this.waitFor(`? ${prompt}`);
    this.input.write(keys);
  }
}
