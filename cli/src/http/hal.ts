// HAL navigation the way Pact Broker clients do it: links may be single objects or arrays selected by
// `name`, and `{name}` placeholders are replaced by URL-encoded values (no RFC 6570 operators).
import type { HalLink } from '@treaty/wire';

function isLink(value: unknown): value is HalLink {
  return typeof value === 'object' && value !== null && typeof (value as { href?: unknown }).href === 'string';
}

function linksOf(resource: unknown): Record<string, unknown> {
  if (typeof resource !== 'object' || resource === null) return {};
  const links = (resource as { _links?: unknown })._links;
  return typeof links === 'object' && links !== null ? (links as Record<string, unknown>) : {};
}

/** Every link under `rel` (an array relation, or a single link as a one-element list). */
export function findLinks(resource: unknown, rel: string): HalLink[] {
  const value = linksOf(resource)[rel];
  if (Array.isArray(value)) return value.filter(isLink);
  return isLink(value) ? [value] : [];
}

/** The link under the first of `rels` that exists; with `name`, the array entry with that name. */
export function findLink(resource: unknown, rels: string | string[], name?: string): HalLink | undefined {
  for (const rel of Array.isArray(rels) ? rels : [rels]) {
    const links = findLinks(resource, rel);
    const link = name === undefined ? links[0] : links.find((l) => l.name === name);
    if (link) return link;
  }
  return undefined;
}

/** Fills `{name}` placeholders with URL-encoded values; placeholders without a value are left as they are. */
export function expandHref(href: string, params: Record<string, string>): string {
  return href.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    return value === undefined ? whole : encodeURIComponent(value);
  });
}

/** Appends query parameters (skipping undefined) to an href. */
export function withQuery(href: string, query: Record<string, string | undefined>): string {
  const pairs = Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (pairs.length === 0) return href;
  const qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `${href}${href.includes('?') ? '&' : '?'}${qs}`;
}
