// The `metadata` path segment of a pact URL handed out by pacts-for-verification
// (`.../pact-version/{sha}/metadata/{m}`): base64 of either a JSON object or a Rack-style query
// string, as the Pact Broker writes it (`w=true` for a WIP pact, `cvn` consumer version number).
// Decoding never fails: an unreadable segment means "no metadata".
import { isJsonObject } from './canonical-json.ts';

export interface PactUrlMetadata {
  wip: boolean;
  pending: boolean | undefined;
  consumerVersionNumber: string | undefined;
  raw: Record<string, unknown>;
}

export function decodePactMetadata(segment: string | undefined): PactUrlMetadata {
  const raw = segment ? decodeRaw(segment) : {};
  const flag = (value: unknown): boolean | undefined =>
    value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;
  const cvn = raw.cvn ?? raw.consumerVersionNumber;
  return {
    wip: flag(raw.w ?? raw.wip) ?? false,
    pending: flag(raw.p ?? raw.pending),
    consumerVersionNumber: typeof cvn === 'string' ? cvn : undefined,
    raw,
  };
}

/** The inverse, for whoever builds these URLs: base64url of the JSON object. */
export function encodePactMetadata(metadata: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(metadata), 'utf8').toString('base64url');
}

function decodeRaw(segment: string): Record<string, unknown> {
  let text: string;
  try {
    text = Buffer.from(decodeURIComponent(segment).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  } catch {
    return {};
  }
  try {
    const json: unknown = JSON.parse(text);
    return isJsonObject(json) ? json : {};
  } catch {
    const params = new URLSearchParams(text);
    return Object.fromEntries([...params.keys()].map((key) => [key, params.get(key) ?? '']));
  }
}
