// The audit log: one row per write request, newest first when read.
import type { Db } from '../db.ts';
import { jsonbText, sql } from '../sql.ts';

export interface AuditEventInput {
  actor: string;
  method: string;
  path: string;
  status: number;
  remoteAddress: string | undefined;
  requestId: string | undefined;
  /** e.g. the matched route and the token id. */
  details: Record<string, string | number> | undefined;
}

export interface AuditEventRow {
  id: number;
  occurredAt: Date;
  actor: string;
  method: string;
  path: string;
  status: number;
  remoteAddress: string | null;
  requestId: string | null;
  details: unknown;
}

export async function insertAuditEvent(db: Db, event: AuditEventInput): Promise<void> {
  // Every write request ends with this insert: prepared once per connection on the hot pool, so Postgres does not
  // parse and plan it again for each publish or verification (issue #14).
  await db.hot.execute(
    sql`INSERT INTO audit_events (actor, method, path, status, remote_address, request_id, details)
        VALUES (${event.actor}, ${event.method}, ${event.path}, ${event.status}, ${event.remoteAddress ?? null}, ${event.requestId ?? null},
          ${jsonbText(event.details)}::jsonb)`,
  );
}

export interface AuditQuery {
  actor?: string;
  page: { number: number; size: number };
}

export async function listAuditEvents(db: Db, query: AuditQuery): Promise<{ rows: AuditEventRow[]; total: number }> {
  const where = query.actor !== undefined ? sql`WHERE actor = ${query.actor}` : sql.empty;
  const { size, number } = query.page;
  const [rows, count] = await Promise.all([
    db.rows<AuditEventRow>(
      sql`SELECT id, occurred_at AS "occurredAt", actor, method, path, status, remote_address AS "remoteAddress", request_id AS "requestId", details
          FROM audit_events ${where} ORDER BY occurred_at DESC, id DESC LIMIT ${size} OFFSET ${(number - 1) * size}`,
    ),
    db.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events ${where}`),
  ]);
  return { rows, total: count.n };
}
