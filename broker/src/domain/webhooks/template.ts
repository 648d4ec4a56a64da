// `${pactbroker.*}` template parameters: which exist, what value each takes for an event, and how
// they are rendered into a webhook's request. Follows the Pact Broker's rules
// (webhooks/pact_and_verification_parameters.rb, webhook_request_template.rb):
//  * in the URL, every value is form-URL-encoded (Ruby's CGI.escape: space → "+");
//  * in headers, body, username and password, values are inserted as they are, unescaped;
//  * a parameter without data renders as "" (statuses render as "pending"/"INPROGRESS");
//  * unknown `${pactbroker.x}` placeholders are left untouched.
import type { WebhookRequestTemplate } from './webhook.ts';

export const TemplateVariable = {
  consumerName: 'pactbroker.consumerName',
  providerName: 'pactbroker.providerName',
  consumerVersionNumber: 'pactbroker.consumerVersionNumber',
  providerVersionNumber: 'pactbroker.providerVersionNumber',
  consumerVersionBranch: 'pactbroker.consumerVersionBranch',
  providerVersionBranch: 'pactbroker.providerVersionBranch',
  /** Comma-and-space separated, e.g. "dev, prod". */
  consumerVersionTags: 'pactbroker.consumerVersionTags',
  providerVersionTags: 'pactbroker.providerVersionTags',
  providerVersionDescriptions: 'pactbroker.providerVersionDescriptions',
  /** The pact version URL (with webhook metadata), not the consumer-version URL. */
  pactUrl: 'pactbroker.pactUrl',
  verificationResultUrl: 'pactbroker.verificationResultUrl',
  /** success | failure | pending */
  githubVerificationStatus: 'pactbroker.githubVerificationStatus',
  /** SUCCESSFUL | FAILED | INPROGRESS */
  bitbucketVerificationStatus: 'pactbroker.bitbucketVerificationStatus',
  /** succeeded | failed | pending */
  azureDevOpsVerificationStatus: 'pactbroker.azureDevOpsVerificationStatus',
  /** success | failed | pending */
  gitlabVerificationStatus: 'pactbroker.gitlabVerificationStatus',
  buildUrl: 'pactbroker.buildUrl',
  eventName: 'pactbroker.eventName',
  consumerLabels: 'pactbroker.consumerLabels',
  providerLabels: 'pactbroker.providerLabels',
  currentlyDeployedProviderVersionNumber: 'pactbroker.currentlyDeployedProviderVersionNumber',
} as const;

export type TemplateVariableName = keyof typeof TemplateVariable;
export type TemplateParameters = Record<TemplateVariableName, string>;

/** What happened, as plain data: the input from which every parameter value is derived. */
export interface WebhookTemplateData {
  /** A WebhookEventName, or "test" for `pact-broker test-webhook`. */
  eventName: string;
  pact?: {
    consumerName: string;
    providerName: string;
    consumerVersionNumber: string;
    consumerVersionBranch?: string | null;
    consumerVersionTags: readonly string[];
    /** Absolute URL of the pact version (with webhook metadata when the caller has it). */
    url: string;
  };
  /** The verification that triggered the event, or the latest verification of the pact. */
  verification?: {
    success: boolean;
    url: string;
    providerVersionNumber: string;
    providerVersionBranch?: string | null;
    providerVersionTags: readonly string[];
  };
  /**
   * The provider version an event names without a verification: contract_requiring_verification_published
   * carries the provider version that should verify the pact. Used when `verification` is absent.
   */
  providerVersion?: { number: string; branch?: string | null; tags: readonly string[] };
  consumerLabels?: readonly string[];
  providerLabels?: readonly string[];
  /** The CI build that published the pact or the verification. */
  buildUrl?: string | null;
  currentlyDeployedProviderVersionNumber?: string | null;
  providerVersionDescriptions?: readonly string[];
}

const list = (values: readonly string[] | undefined): string => (values ?? []).join(', ');

function status(success: boolean | undefined, ok: string, failed: string, pending: string): string {
  if (success === undefined) return pending;
  return success ? ok : failed;
}

export function templateParameters(data: WebhookTemplateData): TemplateParameters {
  const { pact, verification } = data;
  const success = verification?.success;
  return {
    consumerName: pact?.consumerName ?? '',
    providerName: pact?.providerName ?? '',
    consumerVersionNumber: pact?.consumerVersionNumber ?? '',
    providerVersionNumber: verification?.providerVersionNumber ?? data.providerVersion?.number ?? '',
    consumerVersionBranch: pact?.consumerVersionBranch ?? '',
    providerVersionBranch: (verification ? verification.providerVersionBranch : data.providerVersion?.branch) ?? '',
    consumerVersionTags: list(pact?.consumerVersionTags),
    providerVersionTags: list(verification?.providerVersionTags ?? data.providerVersion?.tags),
    providerVersionDescriptions: list(data.providerVersionDescriptions),
    pactUrl: pact?.url ?? '',
    verificationResultUrl: verification?.url ?? '',
    githubVerificationStatus: status(success, 'success', 'failure', 'pending'),
    bitbucketVerificationStatus: status(success, 'SUCCESSFUL', 'FAILED', 'INPROGRESS'),
    azureDevOpsVerificationStatus: status(success, 'succeeded', 'failed', 'pending'),
    gitlabVerificationStatus: status(success, 'success', 'failed', 'pending'),
    buildUrl: data.buildUrl ?? '',
    eventName: data.eventName,
    consumerLabels: list(data.consumerLabels),
    providerLabels: list(data.providerLabels),
    currentlyDeployedProviderVersionNumber: data.currentlyDeployedProviderVersionNumber ?? '',
  };
}

const PARAMETER = /\$\{pactbroker\.([A-Za-z]+)\}/g;
const byPlaceholderName = new Map<string, TemplateVariableName>(
  (Object.keys(TemplateVariable) as TemplateVariableName[]).map((name) => [TemplateVariable[name].slice('pactbroker.'.length), name]),
);

/** Replaces every known `${pactbroker.x}`; `escape` is applied to each inserted value. */
export function renderTemplate(template: string, params: TemplateParameters, escape: (value: string) => string = (v) => v): string {
  return template.replace(PARAMETER, (whole, name: string) => {
    const variable = byPlaceholderName.get(name);
    return variable === undefined ? whole : escape(params[variable]);
  });
}

/** Ruby's CGI.escape: form encoding, keeping only `A-Za-z0-9_.-~` and turning spaces into "+". */
export function formUrlEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** True when the text uses any `${pactbroker.*}` parameter (such header values are not secrets). */
export function includesParameter(text: string): boolean {
  return /\$\{pactbroker\.[^}]+\}/.test(text);
}

/** Every `${pactbroker.*}` replaced by a fixed word, to parse a templated URL during validation. */
export function renderWithPlaceholder(text: string, placeholder = 'placeholder'): string {
  return text.replace(/\$\{pactbroker\.[^}]+\}/g, placeholder);
}

/** The request a webhook sends, with parameters rendered in. */
export interface RenderedWebhookRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Absent when the webhook has no body. */
  body: string | undefined;
  username: string | undefined;
  password: string | undefined;
}

/** A template's body as the text that is sent: strings as they are, other JSON values serialised. */
export function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

export function renderWebhookRequest(template: WebhookRequestTemplate, params: TemplateParameters): RenderedWebhookRequest {
  const render = (text: string | undefined): string | undefined =>
    text === undefined || text.trim() === '' ? text : renderTemplate(text, params);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(template.headers)) headers[name] = renderTemplate(value, params);
  return {
    method: template.method.toUpperCase(),
    url: renderTemplate(template.url, params, formUrlEncode),
    headers,
    body: render(bodyText(template.body)),
    username: render(template.username),
    password: render(template.password),
  };
}
