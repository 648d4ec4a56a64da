/**
 * Standard HTTP header names (lower case). A pact may send or expect them without the spec declaring them: a spec
 * rarely lists `Accept-Encoding` or `Date`, and their absence says nothing about the provider.
 */
export const STANDARD_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'a-im', 'accept', 'accept-charset', 'accept-datetime', 'accept-encoding', 'accept-language', 'access-control-request-headers',
  'access-control-request-method', 'authorization', 'cache-control', 'connection', 'content-encoding', 'content-length', 'content-md5',
  'content-type', 'cookie', 'date', 'dnt', 'expect', 'forwarded', 'from', 'host', 'http2-settings', 'if-match', 'if-modified-since',
  'if-none-match', 'if-range', 'if-unmodified-since', 'max-forwards', 'origin', 'pragma', 'prefer', 'proxy-authorization', 'range',
  'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'via', 'warning',
]);

export const STANDARD_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'accept-ch', 'accept-patch', 'accept-ranges', 'access-control-allow-credentials', 'access-control-allow-headers',
  'access-control-allow-methods', 'access-control-allow-origin', 'access-control-expose-headers', 'access-control-max-age', 'age',
  'allow', 'alt-svc', 'cache-control', 'connection', 'content-disposition', 'content-encoding', 'content-language', 'content-length',
  'content-location', 'content-md5', 'content-range', 'content-security-policy', 'content-type', 'date', 'delta-base', 'etag', 'expires',
  'im', 'last-modified', 'link', 'location', 'p3p', 'pragma', 'preference-applied', 'proxy-authenticate', 'public-key-pins',
  'retry-after', 'server', 'set-cookie', 'strict-transport-security', 'tk', 'trailer', 'transfer-encoding', 'upgrade', 'vary', 'via',
  'warning', 'www-authenticate', 'x-frame-options',
]);
