// Validates a request body against a zod schema once, turning every issue into a field-level
// ValidationError (the Pact Broker's `errors: {field: [messages]}`).
import type { z } from 'zod';
import { ValidationError, type FieldError } from '../errors.ts';

export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw validationError(
    what,
    result.error.issues.map((issue) => ({
      field:
        issue.path
          .map(String)
          .join('.')
          .replace(/\.(\d+)(?=\.|$)/g, '[$1]') || 'body',
      message: issue.message,
    })),
  );
}

/** One ValidationError listing every field error, with a detail that names them all. */
export function validationError(what: string, errors: FieldError[]): ValidationError {
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new ValidationError(`Invalid ${what}. ${summary}`, errors);
}
