// Validation of a webhook document (POST/PUT /webhooks...), with the Pact Broker's field names
// (`request.url`, `consumer.name`, `events[0].name`, ...) so its clients print the errors as they
// would against a Pact Broker. At most one message per field, like the Pact Broker.
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import { renderWithPlaceholder } from './template.ts';
import { DEFAULT_WEBHOOK_EVENT, WEBHOOK_EVENT_NAMES, isWebhookEventName, type WebhookEventName } from './webhook-events.ts';
import type { WebhookDefinition, WebhookPacticipantScope } from './webhook.ts';

/** Where a webhook may send requests (TREATY_WEBHOOK_*_WHITELIST, see config.ts). */
export interface WebhookPolicy {
  /** Lower-case URL schemes, e.g. ["https", "http"]. */
  schemes: readonly string[];
  /** Upper-case HTTP methods, e.g. ["POST"]. */
  methods: readonly string[];
  /** Empty: any host. Otherwise exact hosts, `*.example.org`, `/regex/`, IP addresses or CIDR ranges. */
  hosts: readonly string[];
}

/** The one thing validation needs from storage. */
export interface WebhookPacticipantLookup {
  findPacticipantByName(name: string): Promise<{ id: number; name: string } | undefined>;
}

/** Pacticipants fixed by the path (POST /webhooks/provider/{p}/consumer/{c}); they win over the body. */
export interface WebhookPathScope {
  consumer?: { id: number; name: string };
  provider?: { id: number; name: string };
}

export type WebhookValidation = { ok: true; webhook: WebhookDefinition } | { ok: false; errors: FieldError[] };

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const PacticipantRef = z.object({ name: z.string().nullish(), label: z.string().nullish() });
const WebhookBody = z.object({
  description: z.string().nullish(),
  consumer: PacticipantRef.nullish(),
  provider: PacticipantRef.nullish(),
  events: z.array(z.object({ name: z.string() })).nullish(),
  request: z
    .object({
      method: z.string().nullish(),
      url: z.string().nullish(),
      headers: z.record(z.string(), scalar).nullish(),
      body: z.unknown().optional(),
      username: z.string().nullish(),
      password: z.string().nullish(),
    })
    .nullish(),
  enabled: z.boolean().nullish(),
});
type WebhookBody = z.infer<typeof WebhookBody>;

const KNOWN_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];
const WHITELIST_HINT =
  'See TREATY_WEBHOOK_SCHEME_WHITELIST, TREATY_WEBHOOK_HOST_WHITELIST and TREATY_WEBHOOK_HTTP_METHOD_WHITELIST on the broker.';

/** `events[0].name` style paths, as the Pact Broker names nested fields. */
function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || 'body';
}

class Errors {
  readonly list: FieldError[] = [];
  add(field: string, message: string): void {
    if (!this.has(field)) this.list.push({ field, message });
  }
  has(field: string): boolean {
    return this.list.some((e) => e.field === field);
  }
}

export async function validateWebhook(
  input: unknown,
  policy: WebhookPolicy,
  lookup: WebhookPacticipantLookup,
  pathScope: WebhookPathScope = {},
): Promise<WebhookValidation> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [
        { field: 'body', message: 'must be a JSON object describing the webhook (events, request, and optionally consumer and provider).' },
      ],
    };
  }
  const parsed = WebhookBody.safeParse(input);
  if (!parsed.success) {
    const errors = new Errors();
    for (const issue of parsed.error.issues) errors.add(fieldName(issue.path), issue.message);
    return { ok: false, errors: errors.list };
  }
  const body = parsed.data;
  const errors = new Errors();
  validateRequest(body.request, policy, errors);
  const events = validateEvents(body.events, errors);
  const consumer = pathScope.consumer ? fixedScope(pathScope.consumer) : await validateScope('consumer', body.consumer, lookup, errors);
  const provider = pathScope.provider ? fixedScope(pathScope.provider) : await validateScope('provider', body.provider, lookup, errors);
  const request = body.request;
  const method = request?.method;
  const url = request?.url;
  if (errors.list.length > 0 || !request || !method || !url) return { ok: false, errors: errors.list };
  return {
    ok: true,
    webhook: {
      description: body.description?.trim() ? body.description : null,
      consumer,
      provider,
      events,
      enabled: body.enabled ?? true,
      request: {
        method: method.trim().toUpperCase(),
        url,
        headers: request.headers ?? {},
        ...(request.body !== undefined && request.body !== null ? { body: request.body } : {}),
        ...(request.username ? { username: request.username } : {}),
        ...(request.password ? { password: request.password } : {}),
      },
    },
  };
}

function validateRequest(request: WebhookBody['request'], policy: WebhookPolicy, errors: Errors): void {
  if (!request) return errors.add('request', 'is missing. Give the HTTP request to send: {"method": "POST", "url": "https://..."}.');
  const method = request.method?.trim();
  if (!method) errors.add('request.method', 'is missing.');
  else if (!KNOWN_METHODS.includes(method.toUpperCase())) errors.add('request.method', `Invalid HTTP method '${method}'.`);
  else if (!policy.methods.includes(method.toUpperCase())) {
    const allowed = policy.methods.length === 1 ? `must be ${policy.methods[0]}` : `must be one of ${policy.methods.join(', ')}`;
    errors.add('request.method', `${allowed}. ${WHITELIST_HINT}`);
  }
  const urlError = request.url?.trim() ? checkUrl(request.url, policy) : 'is missing.';
  if (urlError) errors.add('request.url', urlError);
}

/** Why a webhook URL is not acceptable, or undefined when it is. Exported for the unit tests. */
export function checkUrl(url: string, policy: WebhookPolicy): string | undefined {
  const parse = (placeholder: string): URL | undefined => {
    try {
      return new URL(renderWithPlaceholder(url, placeholder));
    } catch {
      return undefined;
    }
  };
  const uri = parse('placeholder');
  if (!uri || !uri.hostname) return `Invalid URL '${url}'. Expected format: https://example.org/path`;
  if (uri.hostname !== parse('differentplaceholder')?.hostname) {
    return 'The host may not contain ${pactbroker.*} parameters, so that the whitelists can be checked. Parameters may be used in the path and query.';
  }
  const scheme = uri.protocol.replace(/:$/, '').toLowerCase();
  if (!policy.schemes.includes(scheme)) return `scheme must be ${policy.schemes.join(', ')}. ${WHITELIST_HINT}`;
  if (policy.hosts.length > 0 && !isHostAllowed(uri.hostname, policy.hosts)) {
    return `host must be in the whitelist ${policy.hosts.map((h) => JSON.stringify(h)).join(', ')}. ${WHITELIST_HINT}`;
  }
  return undefined;
}

/** The Pact Broker's host whitelist rules: IP/CIDR for IP hosts, `/regex/`, `*.domain` (one label), or exact. */
export function isHostAllowed(hostname: string, whitelist: readonly string[]): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return whitelist.some((entry) => hostMatches(host, entry));
}

function hostMatches(host: string, entry: string): boolean {
  const ipVersion = isIP(host);
  if (ipVersion !== 0) return ipMatches(host, ipVersion === 6 ? 'ipv6' : 'ipv4', entry);
  if (entry.length > 2 && entry.startsWith('/') && entry.endsWith('/')) {
    try {
      return new RegExp(entry.slice(1, -1)).test(host);
    } catch {
      return false;
    }
  }
  const wanted = entry.toLowerCase();
  if (wanted.startsWith('*.')) {
    const suffix = wanted.slice(1);
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.') && host.length > suffix.length;
  }
  return host === wanted;
}

function ipMatches(host: string, family: 'ipv4' | 'ipv6', entry: string): boolean {
  const [address, prefix] = entry.split('/');
  const entryVersion = isIP(address ?? '');
  if (!address || entryVersion === 0) return false;
  const list = new BlockList();
  const entryFamily = entryVersion === 6 ? 'ipv6' : 'ipv4';
  if (prefix === undefined) list.addAddress(address, entryFamily);
  else {
    const bits = Number(prefix);
    if (!Number.isInteger(bits) || bits < 0 || bits > (entryFamily === 'ipv6' ? 128 : 32)) return false;
    list.addSubnet(address, bits, entryFamily);
  }
  return list.check(host, family);
}

function validateEvents(events: WebhookBody['events'], errors: Errors): WebhookEventName[] {
  if (events === undefined || events === null) return [DEFAULT_WEBHOOK_EVENT];
  if (events.length === 0) errors.add('events', `must contain at least one event, e.g. [{"name": "${DEFAULT_WEBHOOK_EVENT}"}].`);
  const names: WebhookEventName[] = [];
  events.forEach((event, i) => {
    if (!isWebhookEventName(event.name)) errors.add(`events[${i}].name`, `must be one of ${WEBHOOK_EVENT_NAMES.join(', ')}.`);
    else if (!names.includes(event.name)) names.push(event.name);
  });
  return names;
}

function fixedScope(p: { id: number; name: string }): WebhookPacticipantScope {
  return { kind: 'pacticipant', id: p.id, name: p.name };
}

async function validateScope(
  side: 'consumer' | 'provider',
  ref: WebhookBody['consumer'],
  lookup: WebhookPacticipantLookup,
  errors: Errors,
): Promise<WebhookPacticipantScope | null> {
  if (ref === undefined || ref === null) return null;
  const name = ref.name?.trim() ? ref.name : undefined;
  const label = ref.label?.trim() ? ref.label : undefined;
  if (!name && !label) {
    errors.add(
      `${side}.name`,
      `cannot be blank. Give the ${side}'s name, or a label that selects ${side}s, or leave ${side} out to match every ${side}.`,
    );
    return null;
  }
  if (name && label) {
    errors.add(`${side}.label`, 'cannot be provided at the same time as name.');
    return null;
  }
  if (label !== undefined) return { kind: 'label', label };
  if (name === undefined) return null;
  const found = await lookup.findPacticipantByName(name);
  if (!found) {
    errors.add(
      `${side}.name`,
      `No pacticipant with name '${name}' found. Create it first (pact-broker create-or-update-pacticipant) or check the spelling.`,
    );
    return null;
  }
  return { kind: 'pacticipant', id: found.id, name: found.name };
}
