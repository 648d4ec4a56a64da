// API tokens: stored as SHA-256 hashes of their secrets, looked up by hash, revoked (never deleted,
// so the audit log keeps meaning something).
import type { Db } from './db.ts';
import { sql } from './sql.ts';

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

const COLUMNS = sql`id, name, prefix, token_hash AS "tokenHash", scopes, pacticipants, created_by AS "createdBy",
  created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

/** How often last_used_at is written for one token, at most. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function createToken(db: Db, token: NewToken): Promise<TokenRow> {
  return db.one<TokenRow>(
    sql`INSERT INTO api_tokens (name, prefix, token_hash, scopes, pacticipants, created_by)
        VALUES (${token.name}, ${token.prefix}, ${token.tokenHash}, ${token.scopes}::text[], ${token.pacticipants}::text[], ${token.createdBy ?? null})
        RETURNING ${COLUMNS}`,
  );
}

export async function findTokenByHash(db: Db, tokenHash: string): Promise<TokenRow | null> {
  return (await db.maybeOne<TokenRow>(sql`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ${tokenHash}`)) ?? null;
}

/** Newest first, revoked ones included (with revokedAt), one page of them, and how many there are in all. */
export async function listTokens(db: Db, page: { number: number; size: number }): Promise<{ rows: TokenRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.rows<TokenRow>(sql`SELECT ${COLUMNS} FROM api_tokens ORDER BY id DESC LIMIT ${page.size} OFFSET ${(page.number - 1) * page.size}`),
    db.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM api_tokens`),
  ]);
  return { rows, total: count.n };
}

export type RevokeResult = { found: false } | { found: true; token: TokenRow };

/** Revokes a token; revoking a revoked token keeps its first revocation time. */
export async function revokeToken(db: Db, id: number): Promise<RevokeResult> {
  await db.execute(sql`UPDATE api_tokens SET revoked_at = ${new Date()} WHERE id = ${id} AND revoked_at IS NULL`);
  const token = await db.maybeOne<TokenRow>(sql`SELECT ${COLUMNS} FROM api_tokens WHERE id = ${id}`);
  return token ? { found: true, token } : { found: false };
}

/**
 * Records a use of the token, at most once per LAST_USED_RESOLUTION_MS: the condition in the
 * UPDATE keeps replicas (and concurrent requests) from all writing.
 */
export async function touchToken(db: Db, token: Pick<TokenRow, 'id' | 'lastUsedAt'>, now = new Date()): Promise<boolean> {
  const threshold = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (token.lastUsedAt && token.lastUsedAt > threshold) return false;
  const count = await db.execute(
    sql`UPDATE api_tokens SET last_used_at = ${now} WHERE id = ${token.id} AND (last_used_at IS NULL OR last_used_at < ${threshold})`,
  );
  return count > 0;
}
