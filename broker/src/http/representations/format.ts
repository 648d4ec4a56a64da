// Small helpers shared by the HAL representations.
import type { Request } from 'express';
import type { Page } from '../../store/paging.ts';

/** The Pact Broker's timestamp format: ISO 8601 in UTC, whole seconds, "+00:00" offset. */
export function formatDateTime(value: Date | string): string;
export function formatDateTime(value: Date | string | null | undefined): string | null;
export function formatDateTime(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** `page` plus `next`/`previous` links, the way the Pact Broker paginates collections. */
export function paginationMembers(
  selfHref: string,
  page: Page | undefined,
  total: number,
): {
  page?: { number: number; size: number; totalElements: number; totalPages: number };
  links: Record<string, { href: string; title: string }>;
} {
  if (!page) return { links: {} };
  const totalPages = Math.max(1, Math.ceil(total / page.size));
  const links: Record<string, { href: string; title: string }> = {};
  if (page.number < totalPages) links.next = { href: `${selfHref}?size=${page.size}&page=${page.number + 1}`, title: 'Next page' };
  if (page.number > 1) links.previous = { href: `${selfHref}?size=${page.size}&page=${page.number - 1}`, title: 'Previous page' };
  return { page: { number: page.number, size: page.size, totalElements: total, totalPages }, links };
}

/** The absolute URL of this request without its query string (the Pact Broker's resource_url). */
export function resourceUrl(baseUrl: string, req: Request): string {
  return `${baseUrl}${req.originalUrl.split('?')[0]}`;
}
