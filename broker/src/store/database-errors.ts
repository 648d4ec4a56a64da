// What a database error means, for the layers above that map errors (http/problem.ts): its SQLSTATE.
// node-postgres and PGlite both set it as `code` on the errors they throw.

/** The PostgreSQL SQLSTATE of a driver error, or undefined for any other error. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** True when the error is a unique-constraint violation (PostgreSQL 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === '23505';
}

/**
 * The deliberate failure of a one-statement write (store/pacts/publish-statement.ts, store/verifications.ts) when a
 * concurrent transaction was creating one of its rows: a division by zero (22012), which undoes the whole statement
 * so that the caller can run its general path instead.
 */
export const ONE_STATEMENT_RACE = '22012';

/**
 * PostgreSQL chose this statement's transaction as a deadlock's victim (40P01) and rolled it back. For an
 * autocommit one-statement write that means nothing was written, and the caller can take its general path.
 */
export const DEADLOCK_DETECTED = '40P01';
