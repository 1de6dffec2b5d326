// Text that crosses a trust boundary: what racedemo may show of a store URL
// (never its password), and what it may show of text from outside (run and
// scenario names, a worker's or a store's error message) on a terminal.

/**
 * The text with every password masked: the `user:pw@` of a URL and the value of
 * any query parameter whose name, once percent-decoded, says pass or pwd
 * (`password=`, `pass=`, `sslpassword=`, `pass%77ord=`), wherever they appear
 * (a URL, or an error message that quotes one). The password of `user:pw@`
 * runs to the URL's LAST `@`, as the drivers read it, so a password holding
 * `@`, `/` or `#` is masked whole; masking too much is the safe side. The one
 * function every message, document and log line about a store goes through.
 */
export function maskPasswords(text: string): string {
  return text.replace(urlToken, maskUserinfo).replace(queryParameter, (whole, separator: string, name: string) =>
    isPasswordName(name) ? `${separator}${name}=***` : whole,
  );
}

/** scheme://… up to white space or a quote. */
const urlToken = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]*/gi;
/** A value runs to the next delimiter, or to a ': ' (a message quoting the URL goes on after it). */
const queryParameter = /([?&;])([^=&#;\s'"]*)=[^&#;\s'"]*?(?=[&#;\s'"]|:\s|$)/g;

function maskUserinfo(url: string): string {
  const start = url.indexOf('://') + 3;
  const at = url.lastIndexOf('@');
  const colon = url.indexOf(':', start);
  return at > start && colon !== -1 && colon < at ? `${url.slice(0, colon + 1)}***${url.slice(at)}` : url;
}

function isPasswordName(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    // Not valid percent-encoding: judged as written.
  }
  return /pass|pwd/i.test(decoded);
}

/**
 * Control characters (C0, DEL, C1) and the bidirectional overrides taken out of
 * text from outside before it reaches a terminal: a crafted run name must not
 * clear the screen, set the title or reorder what the reader sees. Newlines and
 * tabs become spaces, so that a message stays one line (unless `newlines` are
 * kept, for a scenario's multi-line lesson text).
 */
export function sanitize(text: string, keep: { newlines?: boolean } = {}): string {
  if (keep.newlines) return text.split('\n').map((line) => sanitize(line)).join('\n');
  return text.replace(/[\t\n\r]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Both at once: outside text that may quote a store URL. */
export function shown(text: string): string {
  return sanitize(maskPasswords(text));
}
