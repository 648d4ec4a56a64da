// The `metadata` path segment of the pact URLs handed out by pacts-for-verification
// (`.../pact-version/{sha}/metadata/{m}`), so that results POSTed to
// `.../metadata/{m}/verification-results` can record whether the pact was pending or WIP, and which
// consumer versions the selectors had picked.
//
// The Pact Broker writes base64 of a Rack nested query (PB pacts/metadata.rb,
// build_metadata_for_pact_for_verification): `w=true` for a WIP pact, otherwise
// `s[][b]=<branch>&s[][t]=<tag>&s[][l]=<latest>&s[][cv]=<consumer version id>...&p=<pending>`.
// Treaty writes the same query, base64url-encoded (a `/` from plain base64 would split the path);
// decoding accepts base64 and base64url, a Rack query or a JSON object. Decoding never fails.
import type { VerifiablePact } from './verifiable-pacts.ts';

export interface MetadataSelector {
  branch?: string;
  tag?: string;
  latest?: boolean;
  consumerVersionId?: number;
}

export interface VerificationMetadata {
  wip: boolean;
  /** Whether the pact was pending for the verifying provider version; undefined when not asked. */
  pending: boolean | undefined;
  selectors: MetadataSelector[];
  /** The consumer version ids the selectors matched (distinct). */
  consumerVersionIds: number[];
}

export function encodeVerificationMetadata(pact: VerifiablePact): string {
  if (pact.wip) return toBase64Url('w=true');
  const params: string[] = [];
  for (const { selector: s, consumerVersion } of pact.selectors) {
    const branch = s.kind === 'branch' || s.kind === 'matchingBranch' ? s.branch : undefined;
    const tag = s.kind === 'latestTag' || s.kind === 'allForTag' ? s.tag : undefined;
    const latest = s.kind === 'allForTag' || s.kind === 'deployed' || s.kind === 'released' || s.kind === 'environment' ? undefined : true;
    if (branch !== undefined) params.push(`s[][b]=${encodeURIComponent(branch)}`);
    if (tag !== undefined) params.push(`s[][t]=${encodeURIComponent(tag)}`);
    if (latest !== undefined) params.push(`s[][l]=${latest}`);
    params.push(`s[][cv]=${consumerVersion.id}`);
  }
  if (pact.pending) params.push(`p=${pact.pending.pending}`);
  return toBase64Url(params.join('&'));
}

/** The URL of the inclusion-reason notice: the plain pact URL, or `.../metadata/<wip=true>` for WIP pacts (as the Pact Broker). */
export function encodeNoticeMetadata(pact: VerifiablePact): string | undefined {
  return pact.wip ? toBase64Url('wip=true') : undefined;
}

export function decodeVerificationMetadata(segment: string | undefined): VerificationMetadata {
  const empty: VerificationMetadata = { wip: false, pending: undefined, selectors: [], consumerVersionIds: [] };
  if (!segment) return empty;
  let text: string;
  try {
    text = Buffer.from(decodeURIComponent(segment).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  } catch {
    return empty;
  }
  const parsed = parseJson(text) ?? parseRackQuery(text);
  const flag = (value: unknown): boolean | undefined =>
    value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;
  const rawSelectors = Array.isArray(parsed.s) ? parsed.s : [];
  const selectors = rawSelectors.filter(isRecord).map((s): MetadataSelector => {
    const cv = Number(s.cv);
    return {
      ...(typeof s.b === 'string' ? { branch: s.b } : {}),
      ...(typeof s.t === 'string' ? { tag: s.t } : {}),
      ...(flag(s.l) !== undefined ? { latest: flag(s.l) } : {}),
      ...(Number.isInteger(cv) && String(s.cv ?? '') !== '' ? { consumerVersionId: cv } : {}),
    };
  });
  return {
    wip: flag(parsed.w ?? parsed.wip) ?? false,
    pending: flag(parsed.p ?? parsed.pending),
    selectors,
    consumerVersionIds: [...new Set(selectors.flatMap((s) => (s.consumerVersionId === undefined ? [] : [s.consumerVersionId])))],
  };
}

function toBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Rack's parse_nested_query for the shapes the metadata uses: `k=v` and `k[][f]=v` (a new hash when a field repeats). */
export function parseRackQuery(text: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const [rawKey = '', rawValue = ''] = pair.split(/=(.*)/s);
    const key = safeDecode(rawKey);
    const value = safeDecode(rawValue);
    const nested = /^([^[]+)\[\]\[([^\]]+)\]$/.exec(key);
    if (nested) {
      const [, name = '', field = ''] = nested;
      const list = Array.isArray(result[name]) ? (result[name] as Array<Record<string, unknown>>) : [];
      const last = list[list.length - 1];
      if (last && !(field in last)) last[field] = value;
      else list.push({ [field]: value });
      result[name] = list;
    } else if (key.endsWith('[]')) {
      const name = key.slice(0, -2);
      result[name] = [...(Array.isArray(result[name]) ? (result[name] as unknown[]) : []), value];
    } else {
      result[key] = value;
    }
  }
  return result;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
