/**
 * The error codes Seller Central and Vendor Central show on the consent page instead of redirecting back,
 * with their cause and fix. csm never sees these pages, so it says them while it waits and when the wait
 * ends without a redirect.
 */
export const CONSENT_ERRORS = {
  MD1000: {
    cause: 'the app is still a Draft and the consent URL lacks version=beta',
    fix: 'run csm connect --oauth again with --draft (it adds version=beta); a published app needs no flag',
  },
  MD5101: {
    cause: "the redirect URI is not one of the app's registered OAuth redirect URIs",
    fix: 'register it exactly (Develop Apps > Edit App > OAuth Redirect URI), or pass a registered one with --redirect-uri',
  },
  MD5110: {
    cause: 'the redirect URI has a fragment (#…)',
    fix: 'give --redirect-uri without the #… part',
  },
} as const;

export type ConsentErrorCode = keyof typeof CONSENT_ERRORS;

/** One line per code: `MD1000: cause; fix`. */
export function consentErrorHelp(): string {
  return Object.entries(CONSENT_ERRORS)
    .map(([code, { cause, fix }]) => `  ${code}: ${cause}; ${fix}`)
    .join('\n');
}
