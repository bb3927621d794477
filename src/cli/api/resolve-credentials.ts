import { REGIONS, type Region } from '../../amazon/regions.js';
import { CliError } from '../context.js';

/** The credentials and endpoints `csm api` calls with, resolved once from flags and environment. */
export interface ApiCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string | undefined;
  region: Region;
  /** One base URL for both LWA and SP-API (the emulator), or undefined for Amazon's hosts. */
  endpoint: string | undefined;
  sandbox: boolean;
}

export interface CredentialFlags {
  account?: string;
  endpoint?: string;
  region?: string;
  sandbox?: boolean;
}

/**
 * Resolves credentials: a stored account (`--account`, once accounts exist) or the environment
 * (`CSM_LWA_CLIENT_ID`, `CSM_LWA_CLIENT_SECRET`, `CSM_REFRESH_TOKEN`, `CSM_ENDPOINT`, `CSM_REGION`).
 * Every missing or malformed value fails here, naming the variable and how to fix it.
 */
export function resolveCredentials(
  flags: CredentialFlags,
  env: Readonly<Record<string, string | undefined>>,
): ApiCredentials {
  if (flags.account !== undefined) {
    throw new CliError(
      `--account ${flags.account}: stored accounts are not available in this version yet; ` +
        'set CSM_LWA_CLIENT_ID, CSM_LWA_CLIENT_SECRET and CSM_REFRESH_TOKEN instead',
    );
  }
  const clientId = env.CSM_LWA_CLIENT_ID?.trim();
  const clientSecret = env.CSM_LWA_CLIENT_SECRET?.trim();
  const refreshToken = env.CSM_REFRESH_TOKEN?.trim() || undefined;
  if (!clientId) {
    throw new CliError(
      "CSM_LWA_CLIENT_ID is not set: export it with your app's LWA client identifier " +
        '(Seller Central → Apps and Services → Develop Apps → View under "LWA credentials"; it starts with amzn1.application-oa2-client.)',
    );
  }
  if (!clientSecret) {
    throw new CliError(
      'CSM_LWA_CLIENT_SECRET is not set: export it with the LWA client secret shown beside the client identifier ' +
        '(it starts with amzn1.oa2-cs.v1.)',
    );
  }
  if (!clientId.startsWith('amzn1.application-oa2-client.')) {
    throw new CliError(
      'CSM_LWA_CLIENT_ID does not look like an LWA client identifier (amzn1.application-oa2-client.…): ' +
        'you may have pasted the application id (amzn1.sellerapps.app.…) or the secret instead',
    );
  }
  if (refreshToken !== undefined && !refreshToken.startsWith('Atzr|')) {
    throw new CliError(
      'CSM_REFRESH_TOKEN does not look like an LWA refresh token (it starts with Atzr|): ' +
        'copy the whole token from the authorization page; an access token (Atza|…) expires after an hour and cannot be used here',
    );
  }
  const regionText = (flags.region ?? env.CSM_REGION ?? 'na').toLowerCase();
  if (!REGIONS.includes(regionText as Region)) {
    throw new CliError(`region ${regionText} is unknown: use na, eu or fe (--region or CSM_REGION)`);
  }
  const endpointText = flags.endpoint ?? (env.CSM_ENDPOINT?.trim() || undefined);
  let endpoint: string | undefined;
  if (endpointText !== undefined) {
    try {
      const url = new URL(endpointText);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      endpoint = url.href.replace(/\/+$/, '');
    } catch {
      throw new CliError(
        `endpoint ${endpointText} is not an http(s) URL: pass a base URL such as http://127.0.0.1:8080 (--endpoint or CSM_ENDPOINT)`,
      );
    }
  }
  return {
    clientId,
    clientSecret,
    refreshToken,
    region: regionText as Region,
    endpoint,
    sandbox: flags.sandbox === true,
  };
}
