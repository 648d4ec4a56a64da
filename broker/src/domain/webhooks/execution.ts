// What happens around one webhook HTTP call, as pure functions: the headers actually sent, the
// example data `pact-broker test-webhook` renders, secret redaction, and the log text and summary a
// user reads afterwards. The call itself is jobs/webhook-request.ts.
import { formUrlEncode, includesParameter, type RenderedWebhookRequest, type WebhookTemplateData } from './template.ts';

/** What came back from the webhook target, or why nothing did. */
export type WebhookHttpOutcome =
  | {
      kind: 'response';
      status: number;
      statusText: string;
      headers: Record<string, string>;
      /** At most the configured number of bytes, decoded as UTF-8. */
      body: string;
      /** True when the body was longer than the cap and the rest was discarded. */
      truncated: boolean;
      startedAt: Date;
      finishedAt: Date;
    }
  | { kind: 'error'; message: string; startedAt: Date; finishedAt: Date };

/** The Pact Broker counts 2xx as success; anything else is retried by the delivery job. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

export function isSuccessfulOutcome(outcome: WebhookHttpOutcome): boolean {
  return outcome.kind === 'response' && isSuccessStatus(outcome.status);
}

/** The headers sent: the template's, plus Basic auth from username/password and a User-Agent. */
export function headersToSend(request: RenderedWebhookRequest, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name.toLowerCase());
  for (const [name, value] of Object.entries(request.headers)) headers[name] = value;
  if (request.username !== undefined && !has('authorization')) {
    headers.Authorization = `Basic ${Buffer.from(`${request.username}:${request.password ?? ''}`).toString('base64')}`;
  }
  if (!has('user-agent')) headers['User-Agent'] = userAgent;
  return headers;
}

export const REDACTED = '**********';
const SECRET_HEADER = /authorization|token|secret|password|api[-_]?key|cookie/i;
const SECRET_QUERY_PARAM = /token|secret|password|passwd|api[-_]?key|signature|^sig$|^key$/i;

/** Header values that may be credentials are replaced by asterisks (the Pact Broker's rule, widened). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = SECRET_HEADER.test(name) ? REDACTED : value;
  return out;
}

/** A URL fit for logs: no userinfo password, no values of query parameters that look like secrets. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.password) parsed.password = REDACTED;
  for (const key of [...parsed.searchParams.keys()]) if (SECRET_QUERY_PARAM.test(key)) parsed.searchParams.set(key, REDACTED);
  return parsed.toString();
}

/** Data for `pact-broker test-webhook`: plausible values for every parameter, marked as examples. */
export function exampleTemplateData(baseUrl: string, names: { consumerName?: string; providerName?: string } = {}): WebhookTemplateData {
  const consumerName = names.consumerName ?? 'Example Consumer';
  const providerName = names.providerName ?? 'Example Provider';
  const c = formUrlEncode(consumerName).replace(/\+/g, '%20');
  const p = formUrlEncode(providerName).replace(/\+/g, '%20');
  const sha = '0000000000000000000000000000000000000000';
  return {
    eventName: 'test',
    pact: {
      consumerName,
      providerName,
      consumerVersionNumber: '1.0.0-example',
      consumerVersionBranch: 'main',
      consumerVersionTags: ['main'],
      url: `${baseUrl}/pacts/provider/${p}/consumer/${c}/pact-version/${sha}`,
    },
    verification: {
      success: true,
      url: `${baseUrl}/pacts/provider/${p}/consumer/${c}/pact-version/${sha}/verification-results/1`,
      providerVersionNumber: '2.0.0-example',
      providerVersionBranch: 'main',
      providerVersionTags: ['main'],
    },
    consumerLabels: [],
    providerLabels: [],
    buildUrl: 'https://ci.example.org/builds/1',
    currentlyDeployedProviderVersionNumber: '2.0.0-example',
  };
}

/** What the user sees after an execution: `pact-broker test-webhook` prints `logs`. */
export interface WebhookExecutionSummary {
  success: boolean;
  request: { url: string; method: string; headers: Record<string, string>; body: unknown };
  response?: { status: number; headers: Record<string, string>; body: unknown; truncated: boolean };
  error?: { message: string };
  logs: string;
}

/** JSON bodies are shown as JSON, anything else as text (the Pact Broker does the same). */
function displayBody(body: string | undefined): unknown {
  if (body === undefined || body === '') return body ?? null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

export function summarizeExecution(input: {
  request: RenderedWebhookRequest;
  sentHeaders: Record<string, string>;
  outcome: WebhookHttpOutcome;
  eventName: string;
}): WebhookExecutionSummary {
  const { request, outcome } = input;
  const url = redactUrl(request.url);
  const headers = redactHeaders(input.sentHeaders);
  const lines: Array<[Date, string, string]> = [];
  const at = outcome.startedAt;
  lines.push([at, 'INFO', `Executing webhook for event ${input.eventName}`]);
  lines.push([at, 'INFO', `${request.method} ${url}`]);
  for (const [name, value] of Object.entries(headers)) lines.push([at, 'INFO', `${name}: ${value}`]);
  if (request.body !== undefined) lines.push([at, 'INFO', request.body]);
  const ms = outcome.finishedAt.getTime() - outcome.startedAt.getTime();
  const done = outcome.finishedAt;
  if (outcome.kind === 'response') {
    lines.push([done, 'INFO', `HTTP ${outcome.status} ${outcome.statusText} (${ms} ms)`.replace('  ', ' ')]);
    for (const [name, value] of Object.entries(outcome.headers)) lines.push([done, 'INFO', `${name}: ${value}`]);
    if (outcome.body) lines.push([done, 'INFO', outcome.body + (outcome.truncated ? '\n[response body truncated]' : '')]);
    const ok = isSuccessStatus(outcome.status);
    lines.push([
      done,
      ok ? 'INFO' : 'ERROR',
      ok ? 'Webhook succeeded' : `Webhook failed: the target answered ${outcome.status}; only 2xx counts as success`,
    ]);
  } else {
    lines.push([done, 'ERROR', `Webhook failed after ${ms} ms: ${outcome.message}`]);
  }
  const logs = lines.map(([time, level, text]) => `[${time.toISOString()}] ${level}: ${text}\n`).join('');
  return {
    success: isSuccessfulOutcome(outcome),
    request: { url, method: request.method, headers, body: displayBody(request.body) },
    ...(outcome.kind === 'response'
      ? { response: { status: outcome.status, headers: outcome.headers, body: displayBody(outcome.body), truncated: outcome.truncated } }
      : { error: { message: outcome.message } }),
    logs,
  };
}

/**
 * Headers of a stored template as shown by GET /webhooks/{uuid}: secret-looking values are hidden
 * unless they are only `${pactbroker.*}` templates (the Pact Broker's rule).
 */
export function redactTemplateHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = SECRET_HEADER.test(name) && !includesParameter(value) ? REDACTED : value;
  return out;
}
