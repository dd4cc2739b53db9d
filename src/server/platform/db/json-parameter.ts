/**
 * JSON text of a query parameter (a jsonb document the statement reads). JSON.stringify writes a lone
 * UTF-16 surrogate (a broken emoji in a file or a request body) as an escape that PostgreSQL's jsonb
 * refuses; it becomes U+FFFD, as the driver's UTF-8 encoding of a plain text parameter does.
 */
export function toJsonParameter(value: unknown): string {
  // As JSON.stringify: `undefined` gives undefined (the driver sends NULL).
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined || !json.includes('\\ud')) return json as string;
  return json.replace(/(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g, '$1\ufffd');
}
