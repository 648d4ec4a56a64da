// A self-contained can-i-deploy badge (flat, shields.io-like). Rendered locally: Treaty never redirects
// to img.shields.io, so badges work on brokers without internet access.
import type { Deployable } from './deployment-decision.ts';

export const BadgeStatus = {
  yes: { text: 'yes', colour: '#4c1' },
  no: { text: 'no', colour: '#e05d44' },
  unknown: { text: 'unknown', colour: '#9f9f9f' },
} as const;
export type BadgeStatus = (typeof BadgeStatus)[keyof typeof BadgeStatus];

export const badgeStatusFor = (deployable: Deployable | undefined): BadgeStatus =>
  deployable === true ? BadgeStatus.yes : deployable === false ? BadgeStatus.no : BadgeStatus.unknown;

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Verdana 11px averages about 6.5px per character; shields adds 10px of padding. */
const widthOf = (text: string) => Math.round(text.length * 6.5) + 10;

/** `label` on grey, the status on its colour; `title` is the accessible description. */
export function renderBadge(label: string, status: BadgeStatus, title: string): string {
  const lw = widthOf(label);
  const sw = widthOf(status.text);
  const w = lw + sw;
  const [l, s, t] = [escapeXml(label), escapeXml(status.text), escapeXml(title)];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${t}"><title>${t}</title>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${sw}" height="20" fill="${status.colour}"/><rect width="${w}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${lw / 2}" y="14">${l}</text><text x="${lw + sw / 2}" y="14">${s}</text></g></svg>`
  );
}
