/**
 * What Amazon said about one message of a feed (or the whole feed): its code, severity and words. Amazon's
 * codes and severities are open sets: new values pass through.
 */
export interface FeedIssue {
  /** Amazon's code: `90000900`, `BAD_REQUEST` (JSON); `ResultMessageCode`, e.g. `18028`, `25` (XML). */
  code: string;
  /** `ERROR`, `WARNING` or `INFO` (the XML report's `Error` and `Warning` are upper-cased). */
  severity: string;
  message: string;
  /** The SKU the issue is about, when the report names one. */
  sku?: string;
  /** JSON_LISTINGS_FEED: the attribute at fault. */
  attributeName?: string;
  /** XML: `<AdditionalInfo>`'s elements (`AmazonOrderID`, `SKU`, …). */
  additionalInfo?: Record<string, string>;
}

/** The outcome of one message: `accepted` (possibly with warnings) or `error`. */
export interface FeedMessageOutcome {
  messageId: number;
  status: 'accepted' | 'error';
  errors: FeedIssue[];
  /** Warnings and notices; they do not stop the message. */
  warnings: FeedIssue[];
}

/** The processing report's counts. */
export interface FeedResultSummary {
  messagesProcessed: number;
  /** JSON `messagesAccepted`; XML `MessagesSuccessful`. */
  messagesAccepted: number;
  /** JSON `messagesInvalid`; XML `MessagesWithError`. */
  messagesInvalid: number;
  /** Issues of severity ERROR (JSON `errors`; XML the `Error` results). */
  errors: number;
  /** JSON `warnings`; XML `MessagesWithWarning`. */
  warnings: number;
}

/** A feed's processing report, read and mapped by message id. */
export interface FeedResult {
  /** `json`: JSON_LISTINGS_FEED's report; `xml`: an XML `ProcessingReport` (POST_ORDER_FULFILLMENT_DATA, …). */
  format: 'json' | 'xml';
  /** The feed the report is for (JSON `header.feedId`; XML `DocumentTransactionID`). */
  feedId: string | undefined;
  /** XML `StatusCode` (`Complete`); undefined for JSON. */
  statusCode: string | undefined;
  summary: FeedResultSummary;
  /** Every message the report names (reports list only messages with issues). */
  messages: Map<number, FeedMessageOutcome>;
  /**
   * Issues about the feed as a whole (no message id; XML `MessageID` 0): a document Amazon could not read.
   * When one is an error and nothing was accepted, every message failed.
   */
  documentIssues: FeedIssue[];
  /**
   * The outcome of message `messageId`: as the report names it; `error` with the document's issues when
   * the whole feed was refused; otherwise `accepted` (reports do not list messages without issues).
   */
  outcomeOf(messageId: number): FeedMessageOutcome;
}

/** Collects issues by message id and builds a {@link FeedResult}. */
export function buildFeedResult(fields: {
  format: 'json' | 'xml';
  feedId: string | undefined;
  statusCode: string | undefined;
  summary: FeedResultSummary;
  issues: { messageId: number | undefined; issue: FeedIssue }[];
}): FeedResult {
  const messages = new Map<number, FeedMessageOutcome>();
  const documentIssues: FeedIssue[] = [];
  for (const { messageId, issue } of fields.issues) {
    if (messageId === undefined || messageId === 0) {
      documentIssues.push(issue);
      continue;
    }
    let outcome = messages.get(messageId);
    if (!outcome) {
      outcome = { messageId, status: 'accepted', errors: [], warnings: [] };
      messages.set(messageId, outcome);
    }
    if (issue.severity === 'ERROR') {
      outcome.errors.push(issue);
      outcome.status = 'error';
    } else {
      outcome.warnings.push(issue);
    }
  }
  const refusedWhole =
    documentIssues.some((issue) => issue.severity === 'ERROR') && fields.summary.messagesAccepted === 0;
  return {
    format: fields.format,
    feedId: fields.feedId,
    statusCode: fields.statusCode,
    summary: fields.summary,
    messages,
    documentIssues,
    outcomeOf(messageId) {
      const known = messages.get(messageId);
      if (known) return known;
      if (refusedWhole)
        return {
          messageId,
          status: 'error',
          errors: documentIssues.filter((issue) => issue.severity === 'ERROR'),
          warnings: [],
        };
      return { messageId, status: 'accepted', errors: [], warnings: [] };
    },
  };
}
