// What store functions run their queries on: the Prisma client, or a transaction of it. Raw SQL
// through either handle runs on the same connection as the surrounding transaction.
import type { Prisma, PrismaClient } from '@treaty/prisma';

export type Db = PrismaClient | Prisma.TransactionClient;

/** Runs `fn` in one database transaction: all of its writes land, or none do. */
export function inTransaction<T>(prisma: PrismaClient, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return prisma.$transaction(fn, { maxWait: 10_000, timeout: 30_000 });
}

/** True when the error is a unique-constraint violation (Postgres 23505), however Prisma wrapped it. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; meta?: { code?: string }; cause?: { code?: string; originalCode?: string } } | undefined;
  return e?.code === 'P2002' || e?.code === '23505' || e?.meta?.code === '23505' || e?.cause?.originalCode === '23505';
}
