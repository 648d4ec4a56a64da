// Pages of a collection resource (?page=&size=): what was asked for, and the LIMIT/OFFSET that serves it.
import { sql, type SqlFragment } from './sql.ts';

// ---------------------------------------------------------------------------------------------
// Reads and writes behind the pacticipant, version, tag and branch resources.

export interface Page {
  /** 1-based page number. */
  number: number;
  size: number;
}

export interface Paged<T> {
  rows: T[];
  total: number;
  /** The page that was asked for, or undefined when the whole collection was returned. */
  page: Page | undefined;
}

/** ` LIMIT n OFFSET m` for a page, nothing for the whole collection. */
export const limitClause = (page: Page | undefined): SqlFragment =>
  page ? sql` LIMIT ${page.size} OFFSET ${(page.number - 1) * page.size}` : sql.empty;
