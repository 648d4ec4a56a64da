// What store functions run their queries on: the Prisma client, or a transaction of it. Raw SQL
// through either handle runs on the same connection as the surrounding transaction.
import type { Prisma, PrismaClient } from '@treaty/prisma';

export type Db = PrismaClient | Prisma.TransactionClient;

/** Runs `fn` in one database transaction: all of its writes land, or none do. */
export function inTransaction<T>(prisma: PrismaClient, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return prisma.$transaction(fn, { maxWait: 10_000, timeout: 30_000 });
}

interface WrappedDbError {
  code?: string;
  meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string; code?: string } } };
  cause?: { code?: string; originalCode?: string };
}

/** The Postgres SQLSTATE of an error, however Prisma or the driver adapter wrapped it. */
export function sqlState(err: unknown): string | undefined {
  const e = err as WrappedDbError | undefined;
  if (!e) return undefined;
  if (e.code === 'P2002') return '23505';
  const isSqlState = (c: string | undefined): c is string => c !== undefined && /^[0-9A-Z]{5}$/.test(c);
  return [e.meta?.driverAdapterError?.cause?.originalCode, e.meta?.code, e.cause?.originalCode, e.cause?.code, e.code].find(isSqlState);
}

/** True when the error is a unique-constraint violation (Postgres 23505), however Prisma wrapped it. */
export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === '23505';
}
