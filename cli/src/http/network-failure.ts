// Why a fetch() never got a response, in words: Node's fetch throws `TypeError: fetch failed` with the
// system error as `cause`; AbortSignal.timeout() aborts with a `TimeoutError`.

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found (DNS lookup failed)',
  EAI_AGAIN: 'DNS lookup failed (temporary failure in name resolution)',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'the connection timed out',
  EPIPE: 'the connection was closed',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed unexpectedly',
  UND_ERR_HEADERS_TIMEOUT: 'the broker did not answer in time',
  CERT_HAS_EXPIRED: 'TLS error: the certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS error: self-signed certificate (set NODE_EXTRA_CA_CERTS to trust it)',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS error: self-signed certificate in chain (set NODE_EXTRA_CA_CERTS to trust it)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS error: unable to verify the certificate (set NODE_EXTRA_CA_CERTS to trust it)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS error: the certificate does not match the host name',
};

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // AggregateError (e.g. IPv4 and IPv6 both refused).
  if (Array.isArray(errors)) return errors.map(codeOf).find((c) => c !== undefined);
  return undefined;
}

/** A short reason when `error` is a transport failure, otherwise undefined (a bug, not the network). */
export function networkFailureReason(error: unknown, timeoutMs: number): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') {
    return `no answer within ${Math.round(timeoutMs / 1000)} s (raise TREATY_TIMEOUT_SECONDS if the broker is just slow)`;
  }
  if (!(error instanceof TypeError) || error.message !== 'fetch failed') return undefined;
  const cause = (error as { cause?: unknown }).cause;
  const code = codeOf(cause);
  if (code && reasons[code]) return reasons[code];
  if (code) return `${code}${cause instanceof Error && cause.message ? ` (${cause.message})` : ''}`;
  return cause instanceof Error ? cause.message : 'the request failed';
}
