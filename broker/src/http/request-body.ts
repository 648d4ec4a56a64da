// Validates a JSON request body once, with a zod schema, and turns every problem into one
// ValidationError with field-level errors (the Pact Broker's `errors: {field: [...]}` shape).
import type { Request } from 'express';
import type { z } from 'zod';
import { ValidationError } from '../errors.ts';

/**
 * Parses `body` with `schema`. A missing body (no Content-Type, or an empty PUT) counts as `{}`,
 * which is what the Pact Broker CLI sends to the create-or-update endpoints.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, example: string): z.output<S> {
  const value = body === undefined || body === null || (typeof body === 'string' && body.trim() === '') ? {} : body;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(`The request body must be a JSON object, e.g. ${example}.`, [
      { field: 'body', message: 'must be a JSON object' },
    ]);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({ field: issue.path.length ? issue.path.join('.') : 'body', message: issue.message }));
  throw new ValidationError(
    `Invalid request body: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}. Expected e.g. ${example}.`,
    errors,
  );
}

/** Page sizes a client may ask for: large enough for any listing, small enough to answer quickly. */
export const PAGE_SIZE_RANGE = { min: 1, max: 1000 } as const;
/** Page numbers: PostgreSQL's integer range, so the OFFSET (page - 1) × size stays exact. */
export const PAGE_NUMBER_RANGE = { min: 1, max: 2_147_483_647 } as const;

/**
 * A whole-number query parameter within `range`, or undefined when absent or empty. Only plain
 * digits are accepted: no sign, fraction or exponent (`1e3`), so a value can never round, turn into
 * Infinity or overflow a bigint in SQL. The 400 states the allowed range.
 */
export function integerQueryParam(
  query: Record<string, unknown>,
  name: string,
  range: { min: number; max: number },
  value: unknown = query[name],
): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = typeof value === 'string' ? value.trim() : undefined;
  const n = text !== undefined && /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : 'a list';
    throw ValidationError.field(name, `must be a whole number from ${range.min} to ${range.max} (digits only), got ${shown}`);
  }
  return n;
}

/**
 * The Pact Broker's pagination parameters: `page` and `size` (or `pageNumber` and `pageSize`), with
 * `size` from 1 to 1000 and `page` from 1 to 2147483647.
 * Without either, the whole collection is returned unless `defaultSize` is given.
 */
export function parsePage(query: Record<string, unknown>, defaultSize?: number): { number: number; size: number } | undefined {
  const rawNumber = query.page ?? query.pageNumber;
  const rawSize = query.size ?? query.pageSize;
  if (rawNumber === undefined && rawSize === undefined && defaultSize === undefined) return undefined;
  return {
    number: integerQueryParam(query, 'page', PAGE_NUMBER_RANGE, rawNumber) ?? 1,
    size: integerQueryParam(query, 'size', PAGE_SIZE_RANGE, rawSize) ?? defaultSize ?? 100,
  };
}

/** A path parameter, already URL-decoded by Express (`fix%2Fa` → `fix/a`). */
export function pathParam(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== 'string' || value === '') throw ValidationError.field(name, 'is missing from the path');
  return value;
}
