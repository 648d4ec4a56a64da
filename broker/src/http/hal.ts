// Helpers every route uses: the base URL for absolute hrefs, and HAL+JSON responses.
import type { Request, Response } from 'express';

export const HAL_JSON = 'application/hal+json;charset=utf-8';

/**
 * The base URL for hrefs: TREATY_BASE_URL when configured (a broker behind a proxy), otherwise
 * the scheme and host the client used, honouring X-Forwarded-* from a reverse proxy. Only an http(s)
 * scheme and a well-formed host[:port] make it into links: a forged `X-Forwarded-Proto: javascript`
 * or a host with spaces or percent signs is ignored, never echoed into every href of the response.
 */
export function baseUrlOf(req: Request, configured: string | undefined): string {
  if (configured) return configured;
  const forwardedProto = firstValue(req.headers['x-forwarded-proto'])?.toLowerCase();
  const proto =
    forwardedProto === 'http' || forwardedProto === 'https' ? forwardedProto : req.socket && 'encrypted' in req.socket ? 'https' : 'http';
  const host = [firstValue(req.headers['x-forwarded-host']), firstValue(req.headers.host)].find((h) => h !== undefined && isHost(h));
  return `${proto}://${host ?? 'localhost'}`;
}

/** A host name, IPv4 or [IPv6] address, with an optional port: what a Host header may hold. */
export function isHost(value: string): boolean {
  return /^(?:[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9])?\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/.test(value);
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  const first = text?.split(',')[0]?.trim();
  return first === '' ? undefined : first;
}

// The header is set by hand: Express would re-space it as "application/hal+json; charset=utf-8", and
// the Pact Broker client's pacts expect the Pact Broker's exact "application/hal+json;charset=utf-8".
export function sendHal(res: Response, status: number, body: unknown): void {
  sendHalText(res, status, JSON.stringify(body));
}

/** Stored JSON text (e.g. a pact) sent as it is, so it reaches the client byte-for-byte. */
export function sendHalText(res: Response, status: number, text: string): void {
  res.status(status).setHeader('Content-Type', HAL_JSON);
  res.end(text);
}
