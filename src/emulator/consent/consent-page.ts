import type { ConsentError, ConsentParams } from './consent-request.js';

/** A selling account the consent page offers. */
export interface ConsentSeller {
  sellerId: string;
  region: string;
  marketplaceIds: readonly string[];
}

/** Where the consent form posts (the page's own path, as Seller Central posts back to itself). */
export const CONSENT_FORM_ACTION = '/apps/authorize/consent';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string): string =>
  `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title></head>
<body>
${body}
</body>
</html>
`;

/**
 * The consent page: the app's name and one form with the seller's choice of account and two buttons,
 * Approve and Deny, posting every parameter of the consent URI back.
 */
export function renderConsentPage(
  appName: string,
  params: ConsentParams,
  sellers: readonly ConsentSeller[],
): string {
  const hidden = (name: string, value: string | undefined): string =>
    value === undefined ? '' : `  <input type="hidden" name="${name}" value="${escapeHtml(value)}">\n`;
  const options = sellers
    .map(
      (s, i) =>
        `    <option value="${escapeHtml(s.sellerId)}"${i === 0 ? ' selected' : ''}>${escapeHtml(s.sellerId)} (${s.region}: ${s.marketplaceIds.join(', ')})</option>`,
    )
    .join('\n');
  const name = escapeHtml(appName);
  return page(
    `Authorize ${appName}`,
    `<h1>Authorize ${name}</h1>
<p><strong>${name}</strong> (${escapeHtml(params.applicationId ?? '')}) asks for access to your selling account through the Selling Partner API.</p>
<form method="post" action="${CONSENT_FORM_ACTION}">
${hidden('application_id', params.applicationId)}${hidden('state', params.state)}${hidden('redirect_uri', params.redirectUri)}${hidden('version', params.version)}  <label>Selling account
  <select name="seller_id">
${options}
  </select></label>
  <button type="submit" name="decision" value="approve">Approve</button>
  <button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** Amazon's error page: the code, visible, and what it means. */
export function renderConsentError(error: ConsentError): string {
  return page(
    `Error ${error.code}`,
    `<h1>We're sorry</h1>
<p>An error occurred while authorizing the application.</p>
<p>Error code: <strong id="error-code">${escapeHtml(error.code)}</strong></p>
<p>${escapeHtml(error.message)}</p>`,
  );
}
