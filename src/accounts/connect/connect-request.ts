import type { NewAccount } from '../account.js';
import { checkAccountName, checkSecretCreated } from '../account-fields.js';
import {
  checkApplicationId,
  checkAwsAccessKeyId,
  checkAwsSecretAccessKey,
  checkClientId,
  checkClientSecret,
  checkRefreshToken,
  checkRoleArn,
  checkSellerId,
  type FormatProblem,
} from '../credential-format.js';

/** What `csm connect` stores once its checks pass: an account and its secrets, marketplaces still unknown. */
export type ConnectRequest = Omit<NewAccount, 'marketplaces'>;

/**
 * Every format problem of a request, in the order the fields are asked for: run before any call, so a
 * malformed value is named by its field and nothing is sent anywhere.
 */
export function connectRequestProblems(request: ConnectRequest, now: number): FormatProblem[] {
  const optional = <T>(value: T | undefined, check: (v: T) => FormatProblem | undefined) =>
    value === undefined ? undefined : check(value);
  return [
    checkAccountName(request.name),
    checkClientId(request.clientId),
    checkClientSecret(request.clientSecret),
    optional(request.secretCreated, (v) => checkSecretCreated(v, now)),
    checkRefreshToken(request.refreshToken),
    optional(request.applicationId, checkApplicationId),
    optional(request.sellerId, checkSellerId),
    optional(request.aws?.accessKeyId, checkAwsAccessKeyId),
    optional(request.aws?.secretAccessKey, checkAwsSecretAccessKey),
    optional(request.aws?.roleArn, checkRoleArn),
  ].filter((p): p is FormatProblem => p !== undefined);
}
