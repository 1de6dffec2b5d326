// Text that crosses a trust boundary: what racedemo may show of a store URL
// (never its password), and what it may show of text from outside (run and
// scenario names, a worker's or a store's error message) on a terminal.

/**
 * The text with every password masked: the `user:pw@` of a URL and the value of
 * a `password=` or `pass=` query parameter, wherever they appear (a URL, or an
 * error message that quotes one). The one function every message, document
 * and log line about a store goes through.
 */
export function maskPasswords(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:@/\s?#]*:)[^@/\s?#]*@/gi, '$1***@')
    .replace(/([?&;](?:password|pass)=)[^&#\s'"]*/gi, '$1***');
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
