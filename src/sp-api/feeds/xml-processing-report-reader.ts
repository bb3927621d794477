import { xmlChildren, xmlElement } from '../documents/xml-elements.js';
import { buildFeedResult, type FeedIssue, type FeedResult } from './feed-result.js';

// The elements of an XML ProcessingReport the reader keeps; everything else is skipped as it streams by.
const WANTED = /<(Result|ProcessingSummary|DocumentTransactionID|StatusCode)(?=[\s>])/g;
// Longer than any start tag above, so a tag split between two chunks is kept for the next one.
const TAIL = 32;

/**
 * Reads Amazon's XML processing report (`AmazonEnvelope` / `ProcessingReport`: `DocumentTransactionID`,
 * `StatusCode`, `ProcessingSummary`, one `Result` per message with an issue) chunk by chunk: each element is
 * taken as soon as it is complete and dropped from memory, so a report of any size is held at most one
 * `<Result>` at a time.
 */
export class XmlProcessingReportReader {
  private buffer = '';
  private feedId: string | undefined;
  private statusCode: string | undefined;
  private summary: Record<string, string> = {};
  private readonly issues: { messageId: number | undefined; issue: FeedIssue }[] = [];
  private errorResults = 0;

  /** Characters held right now: at most one element being read, and a short tail. */
  get buffered(): number {
    return this.buffer.length;
  }

  push(text: string): void {
    this.buffer += text;
    // Scan with a cursor and cut the buffer once per chunk, not once per element.
    let from = 0;
    for (;;) {
      WANTED.lastIndex = from;
      const start = WANTED.exec(this.buffer);
      if (!start) {
        this.buffer = this.buffer.slice(Math.max(from, this.buffer.length - TAIL));
        return;
      }
      const name = start[1] ?? '';
      const endTag = `</${name}>`;
      const end = this.buffer.indexOf(endTag, start.index);
      if (end < 0) {
        this.buffer = this.buffer.slice(start.index);
        return;
      }
      this.take(name, this.buffer.slice(start.index, end + endTag.length));
      from = end + endTag.length;
    }
  }

  private take(name: string, element: string): void {
    if (name === 'DocumentTransactionID') this.feedId = xmlElement(element, name);
    else if (name === 'StatusCode') this.statusCode = xmlElement(element, name);
    else if (name === 'ProcessingSummary') this.summary = xmlChildren(xmlElement(element, name) ?? '');
    else this.takeResult(xmlElement(element, 'Result') ?? '');
  }

  private takeResult(inner: string): void {
    const additional = xmlElement(inner, 'AdditionalInfo');
    const withoutAdditional = inner.replace(/<AdditionalInfo(?:\s[^>]*)?>[\s\S]*?<\/AdditionalInfo>/, '');
    const fields = xmlChildren(withoutAdditional);
    const severity = (fields.ResultCode ?? 'Error').toUpperCase();
    if (severity === 'ERROR') this.errorResults += 1;
    const issue: FeedIssue = {
      code: fields.ResultMessageCode ?? '',
      severity,
      message: fields.ResultDescription ?? '',
    };
    if (additional !== undefined) {
      issue.additionalInfo = xmlChildren(additional);
      if (issue.additionalInfo.SKU !== undefined) issue.sku = issue.additionalInfo.SKU;
    }
    const id = Number.parseInt(fields.MessageID ?? '', 10);
    this.issues.push({ messageId: Number.isFinite(id) ? id : undefined, issue });
  }

  /** The report read so far; call once the whole document went through {@link push}. */
  result(): FeedResult {
    const n = (name: string): number => {
      const value = Number.parseInt(this.summary[name] ?? '', 10);
      return Number.isFinite(value) ? value : 0;
    };
    return buildFeedResult({
      format: 'xml',
      feedId: this.feedId,
      statusCode: this.statusCode,
      summary: {
        messagesProcessed: n('MessagesProcessed'),
        messagesAccepted: n('MessagesSuccessful'),
        messagesInvalid: n('MessagesWithError'),
        errors: this.errorResults,
        warnings: n('MessagesWithWarning'),
      },
      issues: this.issues,
    });
  }
}
