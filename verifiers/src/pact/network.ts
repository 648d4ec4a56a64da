// Reachability: why a fetch() got no answer, in words, and a TCP probe for the provider before the
// verifier starts (otherwise every interaction fails with the same connection error, which reads like
// a broken contract).
import { connect } from 'node:net';

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found (DNS lookup failed)',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed unexpectedly',
};

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  if (Array.isArray(errors)) return errors.map(codeOf).find((c) => c !== undefined);
  return undefined;
}

/** A short reason when `error` is a transport failure of fetch() or a socket, otherwise undefined. */
export function transportFailureReason(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'no answer in time';
  const cause = error instanceof TypeError && error.message === 'fetch failed' ? (error as { cause?: unknown }).cause : error;
  const code = codeOf(cause);
  if (code) return reasons[code] ?? code;
  return error instanceof TypeError && error.message === 'fetch failed'
    ? cause instanceof Error
      ? cause.message
      : 'the request failed'
    : undefined;
}

/** Resolves undefined when something accepts TCP connections at the URL's host and port, else the reason. */
export function probeTcp(url: string, timeoutMs = 5_000): Promise<string | undefined> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done('the connection timed out'));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error) => done(transportFailureReason(error) ?? error.message));
  });
}
