import type { SpApiClient } from '../client.js';
import { SpApiUsageError } from '../errors/usage-error.js';

/** What {@link requestReport} asks for. */
export interface RequestReportRequest {
  /** Amazon's report type, e.g. `GET_MERCHANT_LISTINGS_ALL_DATA`. */
  reportType: string;
  /** The marketplaces the report covers (1 to 25). */
  marketplaceIds: string[];
  /** Start of the data range, for report types that take one (sent as ISO 8601). */
  dataStartTime?: Date | string;
  /** End of the data range. */
  dataEndTime?: Date | string;
  /** createReport's `reportOptions` (string values), for the report types that take them. */
  reportOptions?: Record<string, string>;
  signal?: AbortSignal;
}

const iso = (value: Date | string): string => (value instanceof Date ? value.toISOString() : value);

function refuse(message: string, fix: string): never {
  throw new SpApiUsageError({
    code: 'INVALID_ARGUMENT',
    operation: 'requestReport',
    message,
    cause: message,
    fix,
  });
}

/**
 * Asks Amazon for a report (createReport through the client) and returns its id; wait for it with
 * `waitForReport(client, reportId, …)`.
 */
export async function requestReport(
  client: SpApiClient,
  request: RequestReportRequest,
): Promise<{ reportId: string }> {
  const { reportType, marketplaceIds, dataStartTime, dataEndTime, reportOptions, signal } = request;
  if (typeof reportType !== 'string' || reportType.trim() === '')
    refuse('reportType is empty', "name Amazon's report type, e.g. GET_MERCHANT_LISTINGS_ALL_DATA");
  if (!Array.isArray(marketplaceIds) || marketplaceIds.length < 1 || marketplaceIds.length > 25)
    refuse(
      `marketplaceIds must hold 1 to 25 marketplace ids (got ${Array.isArray(marketplaceIds) ? marketplaceIds.length : typeof marketplaceIds})`,
      'pass the marketplaces the report covers, e.g. ["ATVPDKIKX0DER"]',
    );
  for (const [name, value] of [
    ['dataStartTime', dataStartTime],
    ['dataEndTime', dataEndTime],
  ] as const) {
    if (value !== undefined && Number.isNaN(new Date(value).getTime()))
      refuse(`${name} '${String(value)}' is not a date`, 'pass a Date or an ISO 8601 date-time');
  }
  const response = await client.call('createReport', {
    body: {
      reportType,
      marketplaceIds,
      ...(dataStartTime === undefined ? {} : { dataStartTime: iso(dataStartTime) }),
      ...(dataEndTime === undefined ? {} : { dataEndTime: iso(dataEndTime) }),
      ...(reportOptions ? { reportOptions } : {}),
    },
    ...(signal ? { signal } : {}),
  });
  return { reportId: response.body.reportId };
}
