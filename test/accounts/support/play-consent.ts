/** The consent URL csm printed on stderr (the line after "open this address"). */
export function consentUrlIn(stderr: string): string | undefined {
  return /open this address[^\n]*\n {2}(http\S+)\n/.exec(stderr)?.[1];
}

/**
 * Plays the seller's browser on the emulator's consent page: loads it, posts the form back with the
 * decision, and follows the redirect to wherever it points (csm's listener). Returns the consent page's
 * status and error code, and the redirect's answer.
 */
export async function playConsent(
  url: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<{ status: number; errorCode: string | null; redirected?: { status: number; location: string } }> {
  const page = await fetch(url);
  const html = await page.text();
  if (page.status !== 200)
    return { status: page.status, errorCode: page.headers.get('x-emulator-consent-error') };
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)) {
    form.set(
      name!,
      value!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
    );
  }
  form.set('seller_id', /<option value="(\w+)" selected>/.exec(html)?.[1] ?? '');
  form.set('decision', decision);
  const posted = await fetch(new URL('/apps/authorize/consent', url), {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  const location = posted.headers.get('location') ?? '';
  const back = await fetch(location);
  await back.text();
  return { status: page.status, errorCode: null, redirected: { status: back.status, location } };
}
