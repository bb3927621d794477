/** One element of a parsed XML document; attributes are kept but feeds do not use them. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (character data and CDATA), entities decoded, not trimmed. */
  text: string;
}

/** XML that is not well-formed, with where the parser gave up (1-based, as Amazon's reports say). */
export class XmlError extends Error {
  override name = 'XmlError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][\w.:-]*/y;

/**
 * A small, strict XML parser for feed documents (Amazon's `AmazonEnvelope`): elements, attributes, text,
 * CDATA, comments, processing instructions and the five predefined and numeric entities. No DTDs. Throws
 * XmlError at the first thing that is not well-formed.
 */
export function parseXml(source: string): XmlElement {
  let pos = source.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (message: string, at = pos): never => {
    const before = source.slice(0, at);
    const line = before.split('\n').length;
    throw new XmlError(message, line, at - before.lastIndexOf('\n'));
  };
  const skipSpace = () => {
    while (pos < source.length && /\s/.test(source[pos] ?? '')) pos++;
  };
  const expect = (text: string) => {
    if (!source.startsWith(text, pos)) fail(`expected '${text}'`);
    pos += text.length;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(source);
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const decode = (text: string, at: number): string =>
    text.replace(/&([^;&\s]*);?/g, (whole, name: string, offset: number) => {
      if (!whole.endsWith(';')) return fail(`unterminated entity '&${name}'`, at + offset);
      if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      const value = ENTITIES[name];
      return value ?? fail(`unknown entity '&${name};'`, at + offset);
    });
  /** Comments, processing instructions and whitespace, where markup may appear outside elements. */
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (source.startsWith('<!--', pos)) {
        const end = source.indexOf('-->', pos + 4);
        if (end < 0) fail('unterminated comment');
        pos = end + 3;
      } else if (source.startsWith('<?', pos)) {
        const end = source.indexOf('?>', pos + 2);
        if (end < 0) fail('unterminated processing instruction');
        pos = end + 2;
      } else if (source.startsWith('<!DOCTYPE', pos)) {
        fail('DOCTYPE is not allowed');
      } else return;
    }
  };

  const element = (): XmlElement => {
    expect('<');
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      const hadSpace = /\s/.test(source[pos] ?? '');
      skipSpace();
      if (source.startsWith('/>', pos)) {
        pos += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      if (!hadSpace) fail(`expected whitespace, '>' or '/>' in <${name}>`);
      const attr = readName();
      skipSpace();
      expect('=');
      skipSpace();
      const quote = source[pos];
      if (quote !== '"' && quote !== "'") fail(`expected a quoted value for attribute '${attr}'`);
      const end = source.indexOf(quote ?? '"', pos + 1);
      if (end < 0) fail(`unterminated value of attribute '${attr}'`);
      attributes[attr] = decode(source.slice(pos + 1, end), pos + 1);
      pos = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (pos >= source.length) fail(`element <${name}> is not closed`);
      if (source.startsWith('</', pos)) {
        pos += 2;
        const closing = readName();
        if (closing !== name) fail(`end tag </${closing}> does not match <${name}>`);
        skipSpace();
        expect('>');
        return { name, attributes, children, text };
      }
      if (source.startsWith('<![CDATA[', pos)) {
        const end = source.indexOf(']]>', pos);
        if (end < 0) fail('unterminated CDATA section');
        text += source.slice(pos + 9, end);
        pos = end + 3;
      } else if (source.startsWith('<!--', pos) || source.startsWith('<?', pos)) {
        skipMisc();
      } else if (source[pos] === '<') {
        children.push(element());
      } else {
        const end = source.indexOf('<', pos);
        const stop = end < 0 ? source.length : end;
        text += decode(source.slice(pos, stop), pos);
        pos = stop;
      }
    }
  };

  skipMisc();
  if (source[pos] !== '<') fail('expected the document element');
  const root = element();
  skipMisc();
  if (pos < source.length) fail('content after the document element');
  return root;
}

/** The first child element named `name`. */
export const child = (el: XmlElement, name: string): XmlElement | undefined =>
  el.children.find((c) => c.name === name);

/** The trimmed text of the first child named `name`, or undefined when there is none or it is empty. */
export function childText(el: XmlElement, name: string): string | undefined {
  const text = child(el, name)?.text.trim();
  return text === undefined || text === '' ? undefined : text;
}
