import { invalidInput } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { parseIsoTime } from '../orders/iso-time.js';
import { REPORT_TYPES } from '../reports/merchant-listings-report.js';
import { bodyObject, optionalString, requiredString } from './body-fields.js';
import { requireTypeRoles, stringList, stringMap } from './feed-helpers.js';
import { checkMarketplaces } from './order-helpers.js';

/**
 * `POST /reports/2021-06-30/reports` → 202 `{ reportId }`. The emulator generates the listings reports
 * (`GET_MERCHANT_LISTINGS_ALL_DATA`, `GET_MERCHANT_LISTINGS_DATA`) from its listings at the end of
 * processing; other report types are refused with a 400 naming the ones it has.
 */
export const createReport: OperationDefinition = {
  key: 'createReport',
  handle(ctx) {
    const body = bodyObject(ctx.body, 'body');
    const reportType = requiredString(body, 'reportType', '');
    const marketplaceIds = stringList(body, 'marketplaceIds', 25);
    stringMap(body, 'reportOptions');
    checkMarketplaces(ctx, marketplaceIds, 'marketplaceIds');
    const time = (field: string): number | undefined => {
      const value = optionalString(body, field, '');
      if (value === undefined) return undefined;
      const ms = parseIsoTime(value);
      if (ms === undefined)
        throw invalidInput(`Invalid value '${value}' for field '${field}': expected an ISO 8601 date-time.`);
      if (ms > ctx.now) throw invalidInput(`Invalid field '${field}': it must not be in the future.`);
      return ms;
    };
    const dataStartMs = time('dataStartTime');
    const dataEndMs = time('dataEndTime');
    if (dataStartMs !== undefined && dataEndMs !== undefined && dataStartMs > dataEndMs) {
      throw invalidInput("Invalid field 'dataEndTime': it must not be before dataStartTime.");
    }
    if (!(REPORT_TYPES as readonly string[]).includes(reportType)) {
      throw invalidInput(
        `Invalid input: the emulator does not generate report type ${reportType}.`,
        `It generates ${REPORT_TYPES.join(' and ')} (see docs/emulator.md).`,
      );
    }
    requireTypeRoles(ctx, 'report', reportType);
    const report = ctx.state.reports.create(
      ctx.caller.sellerId,
      {
        reportType,
        marketplaceIds,
        ...(dataStartMs === undefined ? {} : { dataStartMs }),
        ...(dataEndMs === undefined ? {} : { dataEndMs }),
      },
      ctx.now,
      ctx.state.processing,
    );
    return { body: { reportId: report.reportId } };
  },
};
