import { describe, expect, it } from 'vitest';
import { parseFeedReport } from '../../../src/index.js';
import { XmlProcessingReportReader } from '../../../src/sp-api/feeds/xml-processing-report-reader.js';

// The two processing report formats, parsed from chunks cut anywhere (inside tags, entities and UTF-8
// characters), as they come off the network.

function* chunks(text: string, size: number): Generator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function xmlReport(
  results: string[],
  summary: { processed: number; ok: number; errors: number; warnings: number },
) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
<Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>A1SELLER</MerchantIdentifier></Header>
<MessageType>ProcessingReport</MessageType>
<Message><MessageID>1</MessageID><ProcessingReport>
<DocumentTransactionID>50012345678</DocumentTransactionID><StatusCode>Complete</StatusCode>
<ProcessingSummary><MessagesProcessed>${summary.processed}</MessagesProcessed><MessagesSuccessful>${summary.ok}</MessagesSuccessful><MessagesWithError>${summary.errors}</MessagesWithError><MessagesWithWarning>${summary.warnings}</MessagesWithWarning></ProcessingSummary>
${results.join('\n')}
</ProcessingReport></Message></AmazonEnvelope>`;
}

const result = (id: number, code: string, severity: string, text: string, info = '') =>
  `<Result><MessageID>${id}</MessageID><ResultCode>${severity}</ResultCode><ResultMessageCode>${code}</ResultMessageCode><ResultDescription>${text}</ResultDescription>${info}</Result>`;

describe('the XML processing report', () => {
  it('maps every Result to its MessageID, entities decoded, from chunks cut anywhere', async () => {
    const xml = xmlReport(
      [
        result(
          2,
          '18028',
          'Error',
          'Order 999-0000000-0000000 was not found for this seller.',
          '<AdditionalInfo><AmazonOrderID>999-0000000-0000000</AmazonOrderID></AdditionalInfo>',
        ),
        result(
          3,
          '25',
          'Error',
          'Item &#60;X&#62; &amp; “Ünïcødé”',
          '<AdditionalInfo><SKU>SKU-3</SKU></AdditionalInfo>',
        ),
        result(4, '99001', 'Warning', 'A value was truncated.'),
      ],
      { processed: 4, ok: 2, errors: 2, warnings: 1 },
    );
    for (const size of [1, 2, 3, 7, 64, 100_000]) {
      const parsed = await parseFeedReport(chunks(xml, size));
      expect(parsed.format).toBe('xml');
      expect(parsed.feedId).toBe('50012345678');
      expect(parsed.statusCode).toBe('Complete');
      expect(parsed.summary).toEqual({
        messagesProcessed: 4,
        messagesAccepted: 2,
        messagesInvalid: 2,
        errors: 2,
        warnings: 1,
      });
      expect(parsed.outcomeOf(1)).toEqual({ messageId: 1, status: 'accepted', errors: [], warnings: [] });
      expect(parsed.outcomeOf(2)).toEqual({
        messageId: 2,
        status: 'error',
        errors: [
          {
            code: '18028',
            severity: 'ERROR',
            message: 'Order 999-0000000-0000000 was not found for this seller.',
            additionalInfo: { AmazonOrderID: '999-0000000-0000000' },
          },
        ],
        warnings: [],
      });
      expect(parsed.outcomeOf(3).errors[0]).toMatchObject({ message: 'Item <X> & “Ünïcødé”', sku: 'SKU-3' });
      expect(parsed.outcomeOf(4)).toMatchObject({
        status: 'accepted',
        warnings: [{ code: '99001', severity: 'WARNING' }],
      });
    }
  });

  it('holds one Result at a time however long the report', () => {
    const n = 20_000;
    const results = Array.from({ length: n }, (_, i) =>
      result(i + 1, '18028', 'Error', `Reason number ${i + 1}.`),
    );
    const xml = xmlReport(results, { processed: n, ok: 0, errors: n, warnings: 0 });
    const reader = new XmlProcessingReportReader();
    let most = 0;
    for (let i = 0; i < xml.length; i += 1000) {
      reader.push(xml.slice(i, i + 1000));
      most = Math.max(most, reader.buffered);
    }
    expect(xml.length).toBeGreaterThan(2_000_000);
    expect(most).toBeLessThan(1000 + 200);
    const parsed = reader.result();
    expect(parsed.messages.size).toBe(n);
    expect(parsed.outcomeOf(n).errors[0]?.message).toBe(`Reason number ${n}.`);
  });

  it('treats MessageID 0 (ill-formed XML) as refusing the whole feed', async () => {
    const xml = xmlReport(
      [
        result(
          0,
          '5001',
          'Error',
          'The XML you submitted is ill-formed at the Amazon Envelope XML level at (or near) line 4, column 40.',
        ),
      ],
      { processed: 0, ok: 0, errors: 1, warnings: 0 },
    );
    const parsed = await parseFeedReport(chunks(xml, 50));
    expect(parsed.messages.size).toBe(0);
    expect(parsed.documentIssues).toHaveLength(1);
    expect(parsed.outcomeOf(1)).toMatchObject({ status: 'error', errors: [{ code: '5001' }] });
  });
});

describe("JSON_LISTINGS_FEED's report", () => {
  it('maps issues to message ids, warnings apart, with a byte-order mark and chunks cut inside characters', async () => {
    const report = {
      header: { sellerId: 'A1SELLER', version: '2.0', feedId: '50339796005' },
      issues: [
        {
          messageId: 2,
          sku: 'Ärmel-2',
          code: '90000900',
          severity: 'ERROR',
          message: 'bad',
          attributeName: 'purchasable_offer',
        },
        { messageId: 3, sku: 'C-3', code: '99022', severity: 'WARNING', message: 'minor' },
        { messageId: 2, sku: 'Ärmel-2', code: '90220', severity: 'ERROR', message: 'also bad' },
      ],
      summary: { errors: 2, warnings: 1, messagesProcessed: 3, messagesAccepted: 2, messagesInvalid: 1 },
    };
    const parsed = await parseFeedReport(chunks(`\uFEFF${JSON.stringify(report)}`, 5));
    expect(parsed).toMatchObject({ format: 'json', feedId: '50339796005', statusCode: undefined });
    expect(parsed.summary).toEqual({
      messagesProcessed: 3,
      messagesAccepted: 2,
      messagesInvalid: 1,
      errors: 2,
      warnings: 1,
    });
    expect(parsed.outcomeOf(2).status).toBe('error');
    expect(parsed.outcomeOf(2).errors.map((e) => e.code)).toEqual(['90000900', '90220']);
    expect(parsed.outcomeOf(2).errors[0]).toMatchObject({
      sku: 'Ärmel-2',
      attributeName: 'purchasable_offer',
    });
    expect(parsed.outcomeOf(3)).toMatchObject({ status: 'accepted', warnings: [{ code: '99022' }] });
    expect(parsed.outcomeOf(1).status).toBe('accepted');
  });

  it('refuses a document that is neither JSON nor XML, and an empty one', async () => {
    await expect(parseFeedReport(chunks('sku\tstatus\nA\tok\n', 4))).rejects.toThrow(
      /neither a JSON nor an XML/,
    );
    await expect(parseFeedReport(chunks('  \n', 4))).rejects.toThrow(/empty/);
  });
});
