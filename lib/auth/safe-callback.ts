// Where sign-in may send a person back to: a path on this portal, never another origin.
// Browsers read "\" as "/" and drop tabs and newlines inside URLs, so "/\evil.example" and
// "/<TAB>/evil.example" both lead to evil.example: a callback is kept only when it is a plain
// path with none of those characters and resolves to this origin.

const PLACEHOLDER_ORIGIN = "https://deltaport.invalid";

/** `callbackUrl` as a same-origin path (with its query and fragment), or "/". */
export function safeCallback(callbackUrl: string | undefined): string {
  if (!callbackUrl || !callbackUrl.startsWith("/")) return "/";
  if (/[\\\u0000-\u001f\u007f]/.test(callbackUrl)) return "/";
  let url: URL;
  try {
    url = new URL(callbackUrl, PLACEHOLDER_ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
