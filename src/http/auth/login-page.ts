/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Inline and small: the login page must render before (and without) the dashboard's assets.
const STYLE = `body{font:15px/1.4 system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}
main{max-width:22rem;margin:12vh auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #b8bfcc;border-radius:4px;font:inherit}
button{margin-top:1.2rem;width:100%;padding:.6rem;border:0;border-radius:4px;background:#2456c8;color:#fff;font:inherit}
.error{background:#fde8e8;color:#8a1c1c;padding:.5rem;border-radius:4px}.hint{color:#5b6475;font-size:.85rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · csm</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** The sign-in form; `next` is where to go after (a path of this site). */
export function loginPage(options: { next: string; error?: string; name?: string }): string {
  return page(
    'Sign in',
    `<h1>channel-sales-manager</h1>${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="/login"><input type="hidden" name="next" value="${escapeHtml(options.next)}">
<label for="name">User</label><input id="name" name="name" autocomplete="username" required value="${escapeHtml(options.name ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
  );
}

/** The first admin's form, behind the one-time setup link. */
export function setupPage(options: { token: string; error?: string; name?: string }): string {
  return page(
    'Set up',
    `<h1>Create the first admin</h1>${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<p class="hint">This link works once. The admin may reveal buyer data and sees every account.</p>
<form method="post" action="/setup"><input type="hidden" name="token" value="${escapeHtml(options.token)}">
<label for="name">User</label><input id="name" name="name" autocomplete="username" required value="${escapeHtml(options.name ?? '')}">
<label for="password">Password (10 characters or more)</label><input id="password" name="password" type="password" autocomplete="new-password" required minlength="10">
<button type="submit">Create and sign in</button></form>`,
  );
}

/** A setup link already used or expired. */
export function setupGonePage(): string {
  return page(
    'Set up',
    '<h1>This setup link is no longer valid</h1><p>It was used or has expired. Sign in at <a href="/login">/login</a>, or add a user with <code>csm users add NAME --admin</code>.</p>',
  );
}
