/**
 * A field of a server's JSON answer as text, for a table cell or a message: a string as it is,
 * any other value as JSON (an object shows its content, not "[object Object]"), `absent` when
 * the field is missing or null.
 */
export function fieldText(value: unknown, absent = ''): string {
  if (value === undefined || value === null) return absent;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
