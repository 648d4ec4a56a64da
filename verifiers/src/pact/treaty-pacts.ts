// Asks Treaty which pacts the verifier is about to verify (the same POST for-verification the Rust
// verifier makes, PB API §3.8, §5) and fetches each pact document, so results can be reported per
// consumer and per interaction, with each pact's pending/WIP status.
import { PactVerificationError, PactVerificationErrorKind } from './errors.ts';
import { transportFailureReason } from './network.ts';
import { isObject } from '../json.ts';

export interface BrokerConnection {
  brokerUrl: string;
  token?: string;
  username?: string;
  password?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface PactsForVerificationQuery {
  provider: string;
  consumerVersionSelectors: readonly Record<string, unknown>[];
  providerBranch: string | undefined;
  enablePending: boolean;
  includeWipPactsSince: string | undefined;
}

export interface PactInteraction {
  description: string;
  providerStates: string[];
}

/** One entry of `_embedded.pacts`, with the document behind its self link. */
export interface PactToVerify {
  url: string;
  consumer: string;
  consumerVersion: string | undefined;
  selectedBecause: string;
  pending: boolean;
  wip: boolean;
  notices: string[];
  interactions: PactInteraction[];
}

type Json = Record<string, unknown>;

function headers(c: BrokerConnection, body: boolean): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/hal+json, application/json', 'user-agent': 'treaty-verifiers' };
  if (body) h['content-type'] = 'application/json';
  if (c.token) h.authorization = `Bearer ${c.token}`;
  else if (c.username !== undefined) h.authorization = `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`;
  return h;
}

async function requestJson(c: BrokerConnection, method: 'GET' | 'POST', url: string, body?: unknown): Promise<Json> {
  const fetchImpl = c.fetch ?? globalThis.fetch;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      method,
      headers: headers(c, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(c.timeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch (error) {
    const reason = transportFailureReason(error);
    if (reason === undefined) throw error;
    throw new PactVerificationError(
      PactVerificationErrorKind.BrokerUnreachable,
      `Cannot reach Treaty at ${c.brokerUrl}: ${reason}. Is it running at that URL?`,
    );
  }
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const problem = isObject(parsed) ? [parsed.title, parsed.detail].filter((s) => typeof s === 'string').join(': ') : '';
    const hint = response.status === 401 || response.status === 403 ? ' Check the broker token or username/password.' : '';
    throw new PactVerificationError(
      PactVerificationErrorKind.BrokerRejected,
      `${method} ${url} answered ${response.status}${problem ? ` (${problem})` : ''}.${hint}`,
    );
  }
  if (!isObject(parsed)) {
    throw new PactVerificationError(
      PactVerificationErrorKind.BrokerRejected,
      `${method} ${url} did not answer a JSON document. Is ${c.brokerUrl} a Treaty or Pact Broker URL?`,
    );
  }
  return parsed;
}

function linkHref(doc: Json, rel: string): string | undefined {
  const links = doc._links;
  if (!isObject(links)) return undefined;
  const link = links[rel];
  return isObject(link) && typeof link.href === 'string' ? link.href : undefined;
}

function linkName(doc: Json, rel: string): string | undefined {
  const links = doc._links;
  const link = isObject(links) ? links[rel] : undefined;
  return isObject(link) && typeof link.name === 'string' ? link.name : undefined;
}

/** The request body the Rust verifier sends (PB API §5 step 3). */
export function forVerificationBody(q: PactsForVerificationQuery): Json {
  return {
    consumerVersionSelectors: q.consumerVersionSelectors,
    includePendingStatus: q.enablePending,
    ...(q.providerBranch ? { providerVersionBranch: q.providerBranch } : {}),
    ...(q.includeWipPactsSince ? { includeWipPactsSince: q.includeWipPactsSince } : {}),
  };
}

/** Interactions of a V2–V4 pact document: HTTP interactions and (V3) messages alike. */
export function pactInteractions(doc: Json): PactInteraction[] {
  const list = [...(Array.isArray(doc.interactions) ? doc.interactions : []), ...(Array.isArray(doc.messages) ? doc.messages : [])];
  return list.filter(isObject).map((i) => ({
    description: typeof i.description === 'string' ? i.description : '(no description)',
    providerStates: providerStateNames(i),
  }));
}

function providerStateNames(interaction: Json): string[] {
  if (Array.isArray(interaction.providerStates)) {
    return interaction.providerStates
      .filter(isObject)
      .map((s) => (typeof s.name === 'string' ? s.name : ''))
      .filter((n) => n !== '');
  }
  return typeof interaction.providerState === 'string' ? [interaction.providerState] : [];
}

export async function fetchPactsToVerify(c: BrokerConnection, q: PactsForVerificationQuery): Promise<PactToVerify[]> {
  const base = c.brokerUrl.replace(/\/+$/, '');
  const index = await requestJson(c, 'GET', `${base}/`);
  const template = linkHref(index, 'pb:provider-pacts-for-verification');
  if (!template) {
    throw new PactVerificationError(
      PactVerificationErrorKind.BrokerRejected,
      `The broker at ${base} has no "pb:provider-pacts-for-verification" relation: it cannot tell which pacts to verify. Upgrade it (Pact Broker >= 2.60 or Treaty).`,
    );
  }
  const url = template.replace('{provider}', encodeURIComponent(q.provider));
  const answer = await requestJson(c, 'POST', url, forVerificationBody(q));
  const embedded = isObject(answer._embedded) && Array.isArray(answer._embedded.pacts) ? answer._embedded.pacts.filter(isObject) : [];
  const pacts: PactToVerify[] = [];
  for (const entry of embedded) {
    const self = linkHref(entry, 'self');
    if (!self) continue;
    const doc = await requestJson(c, 'GET', self);
    const props = isObject(entry.verificationProperties) ? entry.verificationProperties : {};
    const notices = Array.isArray(props.notices)
      ? props.notices
          .filter(isObject)
          .map((n) => (typeof n.text === 'string' ? n.text : ''))
          .filter((t) => t !== '')
      : [];
    pacts.push({
      url: self,
      consumer:
        isObject(doc.consumer) && typeof doc.consumer.name === 'string'
          ? doc.consumer.name
          : (linkName(entry, 'self') ?? 'unknown consumer'),
      consumerVersion: linkName(doc, 'pb:consumer-version'),
      selectedBecause: typeof entry.shortDescription === 'string' ? entry.shortDescription : '',
      pending: props.pending === true,
      wip: props.wip === true,
      notices,
      interactions: pactInteractions(doc),
    });
  }
  return pacts;
}
