// The Content-Security-Policy of the portal's pages (issue 14, item 6), built per request by
// proxy.ts with a fresh nonce: Next.js reads the nonce from this header on the request and puts
// it on its own scripts (https://nextjs.org/docs/app/guides/content-security-policy). Scripts
// run only with the nonce ('strict-dynamic' lets them load the chunks they import); nothing may
// frame the portal; forms post only to it. Styles allow inline attributes (progress bars set
// their width), which cannot run code. Development adds 'unsafe-eval' for React's dev tools.

export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: a nonce no one can guess, new for every response. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
