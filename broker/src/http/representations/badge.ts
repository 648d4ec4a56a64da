// A self-contained SVG badge in the shields.io "flat" style. Never a redirect: Treaty does not
// reach the internet, and a README image must render from the broker alone. Status is shown by
// colour AND text, so it reads without colour vision.
import type { VerificationStatus } from './integration.ts';

/** `unknown`: no such pacticipant or no pact (a badge must still render in a README). */
export type BadgeStatus = VerificationStatus | 'unknown';

export const badgeAppearance = {
  success: { text: 'verified', colour: '#4c1' },
  failed: { text: 'failed', colour: '#e05d44' },
  never: { text: 'unverified', colour: '#dfb317' },
  unknown: { text: 'unknown', colour: '#9f9f9f' },
} as const satisfies Record<BadgeStatus, { text: string; colour: string }>;

/** Initials of a service name: `order-service` → `os`, `OrderService` → `os`. */
export function initialsOf(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s\-_.]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toLowerCase())
    .join('');
}

export function defaultBadgeLabel(consumer: string, provider: string, initials: boolean): string {
  return initials ? `${initialsOf(consumer)}/${initialsOf(provider)} pact` : `${consumer}/${provider} pact`;
}

/** Approximate Verdana 11px advance widths, enough to size the two halves. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[ilj.,:;|!'`]/.test(ch) ? 3.5 : /[mwMW@]/.test(ch) ? 10 : /[A-Z]/.test(ch) ? 7.5 : 6.5;
  return Math.round(width);
}

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function badgeSvg(label: string, status: BadgeStatus): string {
  const { text, colour } = badgeAppearance[status];
  const lw = textWidth(label) + 10;
  const rw = textWidth(text) + 10;
  const w = lw + rw;
  const l = escapeXml(label);
  const t = escapeXml(text);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${l}: ${t}"><title>${l}: ${t}</title>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${rw}" height="20" fill="${colour}"/><rect width="${w}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${lw / 2}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${lw / 2}" y="14">${l}</text>` +
    `<text x="${lw + rw / 2}" y="15" fill="#010101" fill-opacity=".3">${t}</text><text x="${lw + rw / 2}" y="14">${t}</text></g></svg>`
  );
}
