// Small, explicit field validators shared by the HTTP request parser and the OrderPlaced event parser.
// Each one appends a FieldError instead of throwing, so a caller can report every problem at once.

export interface FieldError {
  field: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** ISO 4217 alphabetic code: three upper-case letters ("EUR", "USD"). */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** RFC 3339 date-time with an explicit offset, as `Date.prototype.toISOString()` produces. */
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function nonEmptyString(input: Record<string, unknown>, field: string, errors: FieldError[]): string {
  const value = input[field];
  if (typeof value === 'string' && value.trim() !== '') return value;
  errors.push({ field, message: `${field} must be a non-empty string` });
  return '';
}

export function positiveInteger(input: Record<string, unknown>, field: string, errors: FieldError[]): number {
  const value = input[field];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  errors.push({ field, message: `${field} must be a positive integer (an amount in the smallest currency unit)` });
  return 0;
}

export function currencyCode(input: Record<string, unknown>, field: string, errors: FieldError[]): string {
  const value = input[field];
  if (typeof value === 'string' && CURRENCY_PATTERN.test(value)) return value;
  errors.push({ field, message: `${field} must be an ISO 4217 code of three upper-case letters, e.g. "EUR"` });
  return '';
}

export function dateTime(input: Record<string, unknown>, field: string, errors: FieldError[]): string {
  const value = input[field];
  if (typeof value === 'string' && DATE_TIME_PATTERN.test(value) && !Number.isNaN(Date.parse(value))) return value;
  errors.push({ field, message: `${field} must be an RFC 3339 date-time, e.g. "2025-01-31T12:00:00.000Z"` });
  return '';
}
