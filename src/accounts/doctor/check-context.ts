import type { AccountSettings } from '../account.js';
import type { AccountProbe } from './account-probe.js';

/** The command the checks run for: their fixes name its way of doing things. */
export type CheckMode = 'doctor' | 'connect';

/** The secrets a fix may ask to store again, by the name `csm accounts set-secret` takes. */
export type SecretArgument = 'client-secret' | 'refresh-token' | 'aws-secret-access-key';

const CONNECT_FLAGS: Record<SecretArgument, string> = {
  'client-secret': '--client-secret (or CSM_LWA_CLIENT_SECRET)',
  'refresh-token': '--refresh-token (or CSM_REFRESH_TOKEN), or use --oauth',
  'aws-secret-access-key': '--aws-secret-access-key (or CSM_AWS_SECRET_ACCESS_KEY)',
};

/** What every check reads: the account, the probe's shared calls, the time, and how to word its fix. */
export class CheckContext {
  constructor(
    readonly account: AccountSettings,
    readonly probe: AccountProbe,
    readonly mode: CheckMode,
    /** Where STS is called for the legacy AWS checks; undefined for AWS's own. */
    readonly stsEndpoint: string | undefined,
  ) {}

  now(): number {
    return this.probe.options.clock.now();
  }

  /** How to store a new value of a secret, in the current command's words. */
  storeSecret(secret: SecretArgument): string {
    return this.mode === 'doctor'
      ? `store it with csm accounts set-secret ${this.account.name} ${secret}`
      : `give it to csm connect again with ${CONNECT_FLAGS[secret]}`;
  }

  /** How to record the day the client secret was created. */
  recordSecretDay(): string {
    return this.mode === 'doctor'
      ? `csm accounts set-secret ${this.account.name} client-secret --secret-created YYYY-MM-DD, giving the current secret again`
      : 'give csm connect --secret-created YYYY-MM-DD (or CSM_SECRET_CREATED)';
  }

  /** How to connect the account again with other settings (`--region eu`). */
  reconnect(flags: string): string {
    return this.mode === 'doctor'
      ? `connect the account again: csm connect --replace --name ${this.account.name} ${flags} (with the same credentials)`
      : `run csm connect again with ${flags}`;
  }
}
