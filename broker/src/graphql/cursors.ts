// Opaque pagination cursors and page-size limits. A cursor is base64url text of `<kind>:<number>`;
// the kind stops a cursor of one connection from being used on another.
import { ValidationError } from '../errors.ts';

export const MAX_PAGE_SIZE = 100;

export type CursorKind = 'version' | 'matrix' | 'webhook-execution';

export function encodeCursor(kind: CursorKind, value: number): string {
  return Buffer.from(`${kind}:${value}`).toString('base64url');
}

/** The number in a cursor; undefined for no cursor; a validation error for a foreign or garbled one. */
export function decodeCursor(kind: CursorKind, cursor: string | null | undefined): number | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  const match = new RegExp(`^${kind}:(\\d{1,15})$`).exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw ValidationError.field('after', `is not a cursor of this list. Pass pageInfo.endCursor from the previous page.`);
  return Number(match[1]);
}

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    throw ValidationError.field('first', `must be between 1 and ${MAX_PAGE_SIZE}.`);
  return size;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
