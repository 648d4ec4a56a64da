// The HTTP client for a Pact Broker-compatible API: Node's fetch with a timeout, auth, HAL index
// discovery, --verbose tracing, and every failure turned into a CliError with a useful message.
import type { BrokerSettings } from '../config.ts';
import { BrokerFeatureMissingError, BrokerRejectedError, BrokerUnreachableError, UnexpectedResponseError } from '../errors.ts';
import type { Io } from '../io.ts';
import { brokerErrorText } from './broker-error-text.ts';
import { expandHref, findLink } from './hal.ts';
import { networkFailureReason } from './network-failure.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BrokerResponse {
  status: number;
  statusText: string;
  /** Parsed JSON, or the raw text when the body is not JSON, or undefined when empty. */
  body: unknown;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  /** Status codes returned to the caller instead of thrown (e.g. 404 for "does not exist"). */
  allow?: number[];
  /** Keep the body as the text received, unparsed (e.g. a pact, whose bytes matter: treaty export). */
  raw?: boolean;
}

const ACCEPT = 'application/hal+json, application/json, application/problem+json';

export class BrokerClient {
  private indexResource: unknown;

  constructor(
    readonly settings: BrokerSettings,
    private readonly io: Io,
    private readonly fetchImpl: typeof fetch = globalThis.fetch,
  ) {}

  /** An absolute URL for a path on the broker (for the few endpoints without an index relation, like /matrix). */
  url(path: string): string {
    return `${this.settings.baseUrl}${path}`;
  }

  private headers(options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': 'treaty-cli' };
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const { auth } = this.settings;
    if (auth.kind === 'bearer') headers.authorization = `Bearer ${auth.token}`;
    if (auth.kind === 'basic') headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    return headers;
  }

  private trace(text: string): void {
    if (this.settings.verbose) this.io.err(text);
  }

  async request(method: Method, url: string, options: RequestOptions = {}): Promise<BrokerResponse> {
    const headers = this.headers(options);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    this.trace(`→ ${method} ${url}`);
    if (this.settings.verbose) {
      for (const [k, v] of Object.entries(headers)) this.trace(`  ${k}: ${k === 'authorization' ? `${v.split(' ')[0]} [redacted]` : v}`);
      if (payload !== undefined) this.trace(`  ${payload}`);
    }
    const started = Date.now();
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, { method, headers, body: payload, signal: AbortSignal.timeout(this.settings.timeoutMs) });
      text = await response.text();
    } catch (error) {
      const reason = networkFailureReason(error, this.settings.timeoutMs);
      if (reason === undefined) throw error;
      this.trace(`← failed after ${Date.now() - started} ms: ${reason}`);
      throw new BrokerUnreachableError(this.settings.baseUrl, reason);
    }
    this.trace(`← ${response.status} ${response.statusText} (${Date.now() - started} ms) ${response.headers.get('content-type') ?? ''}`);
    if (text !== '') this.trace(`  ${text}`);
    const result: BrokerResponse = { status: response.status, statusText: response.statusText, body: options.raw ? text : parseBody(text) };
    if (response.ok || options.allow?.includes(response.status)) return result;
    throw rejection(result, method, url);
  }

  get(url: string, options?: RequestOptions): Promise<BrokerResponse> {
    return this.request('GET', url, options);
  }

  post(url: string, body: unknown, options: RequestOptions = {}): Promise<BrokerResponse> {
    return this.request('POST', url, { ...options, body });
  }

  patch(url: string, body: unknown, options: RequestOptions = {}): Promise<BrokerResponse> {
    return this.request('PATCH', url, { contentType: 'application/merge-patch+json', ...options, body });
  }

  /** GET / once per run: the HAL index every feature is discovered from. */
  async index(): Promise<unknown> {
    if (this.indexResource === undefined) {
      const { body } = await this.get(this.url('/'));
      if (typeof body !== 'object' || body === null) {
        throw new UnexpectedResponseError(
          `GET ${this.url('/')} did not return a HAL document. Is ${this.settings.baseUrl} a Treaty or Pact Broker URL?`,
        );
      }
      this.indexResource = body;
    }
    return this.indexResource;
  }

  /** The href of an index relation with its placeholders filled in; a clear error when the broker lacks it. */
  async indexLink(rel: string, params: Record<string, string> = {}, feature = rel): Promise<string> {
    const link = findLink(await this.index(), rel);
    if (!link) {
      throw new BrokerFeatureMissingError(
        `The broker at ${this.settings.baseUrl} does not support ${feature}: its index (GET /) has no "${rel}" relation. Upgrade the broker (Pact Broker >= 2.86 or Treaty).`,
      );
    }
    return expandHref(link.href, params);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function rejection(response: BrokerResponse, method: Method, url: string): BrokerRejectedError {
  const text = brokerErrorText(response.status, response.statusText, response.body);
  const hint =
    response.status === 401 || response.status === 403
      ? '\n  Check the credentials: --broker-token / TREATY_TOKEN, or --broker-username and --broker-password.'
      : response.status >= 500
        ? `\n  (${method} ${url}; run with --verbose to see the full exchange)`
        : '';
  return new BrokerRejectedError(`${text}${hint}`, response.status);
}

/** Reads a JSON object body, or fails with a message naming the request. */
export function objectBody<T extends object = Record<string, unknown>>(response: BrokerResponse, what: string): T {
  if (typeof response.body !== 'object' || response.body === null || Array.isArray(response.body)) {
    throw new UnexpectedResponseError(
      `The broker answered ${what} with ${response.body === undefined ? 'an empty body' : 'something that is not a JSON object'}. Run with --verbose to see it.`,
    );
  }
  return response.body as T;
}
