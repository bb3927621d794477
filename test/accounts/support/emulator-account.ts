import type { AccountSecrets, AccountSettings } from '../../../src/accounts/index.js';
import type { EmulatorCredentials } from '../../../src/emulator/credentials.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';

/** `GET /_emulator/credentials`, with the IAM model's user and role and the regional URLs. */
export async function emulatorCredentials(emulator: RunningEmulator): Promise<EmulatorCredentials> {
  return (await (await fetch(`${emulator.url}/_emulator/credentials`)).json()) as EmulatorCredentials;
}

/** Calls an `/_emulator` control and returns its JSON answer; fails the test on an error status. */
export async function control(
  emulator: RunningEmulator,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /_emulator${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** An account of one of the emulator's sellers, as connect would have stored it (endpoint: the emulator). */
export function emulatorAccount(
  emulator: RunningEmulator,
  sellerIndex = 0,
  overrides: Partial<AccountSettings> = {},
): { settings: AccountSettings; secrets: AccountSecrets } {
  const { credentials } = emulator;
  const seller = credentials.sellers[sellerIndex]!;
  return {
    settings: {
      name: `seller-${sellerIndex}`,
      kind: 'seller',
      region: seller.region,
      clientId: credentials.clientId,
      applicationId: credentials.applicationId,
      sellerId: seller.sellerId,
      marketplaces: [],
      endpoint: emulator.url,
      regionEndpoints: undefined,
      sandbox: false,
      secretCreated: new Date().toISOString().slice(0, 10),
      aws: undefined,
      ...overrides,
    },
    secrets: {
      clientSecret: credentials.clientSecret,
      refreshToken: seller.refreshToken,
      awsSecretAccessKey: undefined,
    },
  };
}
