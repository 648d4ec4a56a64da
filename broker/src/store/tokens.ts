// API tokens: stored as SHA-256 hashes of their secrets, looked up by hash, revoked (never deleted,
// so the audit log keeps meaning something).
import type { Db } from './db.ts';

export interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  tokenHash: string;
  scopes: string[];
  pacticipants: string[];
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewToken {
  name: string;
  prefix: string;
  tokenHash: string;
  scopes: string[];
  /** Lower-cased pacticipant names; empty for any. */
  pacticipants: string[];
  createdBy: string | undefined;
}

/** How often last_used_at is written for one token, at most. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function createToken(db: Db, token: NewToken): Promise<TokenRow> {
  return db.apiToken.create({ data: { ...token, createdBy: token.createdBy ?? null } });
}

export function findTokenByHash(db: Db, tokenHash: string): Promise<TokenRow | null> {
  return db.apiToken.findUnique({ where: { tokenHash } });
}

/** Newest first, revoked ones included (with revokedAt), one page of them, and how many there are in all. */
export async function listTokens(db: Db, page: { number: number; size: number }): Promise<{ rows: TokenRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    db.apiToken.findMany({ orderBy: { id: 'desc' }, skip: (page.number - 1) * page.size, take: page.size }),
    db.apiToken.count(),
  ]);
  return { rows, total };
}

export type RevokeResult = { found: false } | { found: true; token: TokenRow };

/** Revokes a token; revoking a revoked token keeps its first revocation time. */
export async function revokeToken(db: Db, id: number): Promise<RevokeResult> {
  await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  const token = await db.apiToken.findUnique({ where: { id } });
  return token ? { found: true, token } : { found: false };
}

/**
 * Records a use of the token, at most once per LAST_USED_RESOLUTION_MS: the condition in the
 * UPDATE keeps replicas (and concurrent requests) from all writing.
 */
export async function touchToken(db: Db, token: Pick<TokenRow, 'id' | 'lastUsedAt'>, now = new Date()): Promise<boolean> {
  const threshold = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (token.lastUsedAt && token.lastUsedAt > threshold) return false;
  const { count } = await db.apiToken.updateMany({
    where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: threshold } }] },
    data: { lastUsedAt: now },
  });
  return count > 0;
}
