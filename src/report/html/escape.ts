// HTML built only through the `html` tag: every interpolated value is escaped
// unless it is already Html made by this tag, so text from a document (a
// scenario name, a final value, a description) can never become markup.

/** Markup that is safe to insert as is: only `html` and `joinHtml` make it. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  // Control characters (a document from elsewhere may hold terminal escapes) are dropped; newlines and tabs stay.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '').replace(/[&<>"']/g, (character) => entities[character] ?? character);
}

function part(value: Part): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(part).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += part(value) + (strings[index + 1] ?? '');
  });
  return new Html(text);
}

/** Trusted constant markup (styles, the script): never pass text from a document. */
export function constantHtml(text: string): Html {
  return new Html(text);
}
