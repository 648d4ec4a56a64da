// Helpers every route uses: the base URL for absolute hrefs, and HAL+JSON responses.
import type { Request, Response } from 'express';

export const HAL_JSON = 'application/hal+json;charset=utf-8';

/**
 * The base URL for hrefs: TREATY_BASE_URL when configured (a broker behind a proxy), otherwise
 * the scheme and host the client used, honouring X-Forwarded-* from a reverse proxy.
 */
export function baseUrlOf(req: Request, configured: string | undefined): string {
  if (configured) return configured;
  const proto = String(req.headers['x-forwarded-proto'] ?? req.protocol)
    .split(',')[0]!
    .trim();
  const host = String(req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost')
    .split(',')[0]!
    .trim();
  return `${proto}://${host}`;
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
