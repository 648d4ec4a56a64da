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

/**
 * The Pact Broker's pagination parameters: `page` and `size` (or `pageNumber` and `pageSize`).
 * Without either, the whole collection is returned unless `defaultSize` is given.
 */
export function parsePage(query: Record<string, unknown>, defaultSize?: number): { number: number; size: number } | undefined {
  const raw = { number: query.page ?? query.pageNumber, size: query.size ?? query.pageSize };
  if (raw.number === undefined && raw.size === undefined && defaultSize === undefined) return undefined;
  const toInt = (field: string, value: unknown, fallback: number): number => {
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw ValidationError.field(field, `must be a whole number of at least 1, got ${JSON.stringify(value)}`);
    return n;
  };
  return { number: toInt('page', raw.number, 1), size: toInt('size', raw.size, defaultSize ?? 100) };
}

/** A path parameter, already URL-decoded by Express (`fix%2Fa` → `fix/a`). */
export function pathParam(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== 'string' || value === '') throw ValidationError.field(name, 'is missing from the path');
  return value;
}
