// Crawls a broker's HAL API into a `treaty-export/1` document (treaty export). Only Pact Broker API
// resources and relations are used, so it reads a real Pact Broker as well as Treaty:
//   GET /  → pb:pacticipants → each pacticipant's pb:versions (paged by `next`), with branches and tags;
//   pb:integrations → for each consumer version, its pact for each provider (pb:publish-pact, GET);
//   each pact content's verification results 1..n, n from .../verification-results/latest;
//   pb:environments → pb:currently-deployed-deployed-versions, pb:currently-supported-released-versions;
//   each pacticipant's labels (`_embedded.labels`); pb:webhooks → each webhook's definition (GET /webhooks/{uuid}).
// What the API does not show is not exported: undeployed history, ended releases, and webhook secrets:
// brokers show a password and secret-looking header values as asterisks. Those masks are kept as
// shown and the webhook is marked `secretsRedacted`, so the import creates it disabled.
import type {
  ExportedPact,
  ExportedVerification,
  ExportedVersion,
  ExportedWebhook,
  ExportedWebhookScope,
  TreatyExport,
} from '@treaty/wire';
import { UnexpectedResponseError } from './errors.ts';
import type { BrokerClient } from './http/broker-client.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const linkHref = (body: Json, rel: string): string | undefined => str(obj(obj(body._links)[rel]).href);
const names = (list: unknown): string[] =>
  arr(list)
    .map((x) => str(x.name))
    .filter((n): n is string => n !== undefined);

export interface ExportProgress {
  (text: string): void;
}

async function getJson(client: BrokerClient, url: string): Promise<Json> {
  const { body } = await client.get(url);
  if (typeof body !== 'object' || body === null) throw new UnexpectedResponseError(`GET ${url} did not return a JSON object.`);
  return body as Json;
}

/** Every page of a paged collection, following `_links.next`. */
async function allPages(client: BrokerClient, url: string, embedded: string): Promise<Json[]> {
  const items: Json[] = [];
  const seen = new Set<string>();
  for (let next: string | undefined = url; next !== undefined && !seen.has(next);) {
    seen.add(next);
    const body = await getJson(client, next);
    items.push(...arr(obj(body._embedded)[embedded]));
    next = linkHref(body, 'next');
  }
  return items;
}

/**
 * The pact text without what the broker adds when serving it (`createdAt` and `_links`, spliced in
 * before the final brace by Treaty, appended by the Pact Broker): the text the consumer published,
 * byte for byte when the broker kept it (Treaty), else the broker's serialisation without those keys.
 */
export function publishedPactText(served: string): string {
  const at = served.lastIndexOf('"createdAt":');
  if (at > 0) {
    const body = served.slice(0, at).trimEnd();
    const candidate = `${body.endsWith(',') ? body.slice(0, -1) : body}}`;
    try {
      const full = JSON.parse(served) as Json;
      const stripped = JSON.parse(candidate) as Json;
      delete full.createdAt;
      delete full._links;
      if (JSON.stringify(stripped) === JSON.stringify(full)) return candidate;
    } catch {
      // fall through to re-serialising
    }
  }
  const full = JSON.parse(served) as Json;
  delete full.createdAt;
  delete full._links;
  return JSON.stringify(full);
}

export async function exportBroker(client: BrokerClient, progress: ExportProgress = () => undefined): Promise<TreatyExport> {
  const pacticipantsUrl = await client.indexLink('pb:pacticipants');
  const pacticipantBodies = await allPages(client, pacticipantsUrl, 'pacticipants');
  const pacticipants: TreatyExport['pacticipants'] = [];
  for (const p of pacticipantBodies) {
    const name = str(p.name);
    if (name === undefined) continue;
    const versionsUrl =
      linkHref(p, 'pb:versions') ?? linkHref(p, 'versions') ?? client.url(`/pacticipants/${encodeURIComponent(name)}/versions`);
    const versions = (await allPages(client, versionsUrl, 'versions')).map((v): ExportedVersion => ({
      number: str(v.number) ?? '',
      createdAt: str(v.createdAt) ?? new Date(0).toISOString(),
      buildUrl: str(v.buildUrl) ?? null,
      branches: names(obj(v._embedded).branchVersions ?? obj(v._embedded).branches),
      tags: names(obj(v._embedded).tags),
    }));
    // Brokers list versions newest first; the file is oldest first (the order the import creates them in).
    versions.reverse();
    const labels = names(obj(p._embedded).labels);
    pacticipants.push({
      name,
      displayName: str(p.displayName) ?? null,
      mainBranch: str(p.mainBranch) ?? null,
      repositoryUrl: str(p.repositoryUrl) ?? null,
      labels,
      versions,
    });
    progress(`${name}: ${versions.length} versions`);
  }

  const { pacts, verifications } = await exportPacts(client, pacticipants, progress);
  const { environments, deployments, releases } = await exportEnvironments(client);
  const webhooks = await exportWebhooks(client);
  progress(`${webhooks.length} webhooks`);
  return {
    format: 'treaty-export/1',
    exportedAt: new Date().toISOString(),
    source: client.settings.baseUrl,
    pacticipants,
    environments,
    pacts,
    verifications,
    deployments,
    releases,
    webhooks,
  };
}

async function exportPacts(client: BrokerClient, pacticipants: TreatyExport['pacticipants'], progress: ExportProgress) {
  const integrations = arr(obj((await getJson(client, await client.indexLink('pb:integrations')))._embedded).integrations);
  const pacts: ExportedPact[] = [];
  const verifications: ExportedVerification[] = [];
  for (const integration of integrations) {
    const consumer = str(obj(integration.consumer).name);
    const provider = str(obj(integration.provider).name);
    const consumerVersions = pacticipants.find((p) => p.name === consumer)?.versions ?? [];
    if (consumer === undefined || provider === undefined) continue;
    const contents = new Map<string, string>(); // pact-version href → a consumer version that published it
    for (const version of consumerVersions) {
      const url = await client.indexLink('pb:publish-pact', { provider, consumer, consumerApplicationVersion: version.number });
      const response = await client.get(url, { allow: [404], raw: true });
      if (response.status === 404 || typeof response.body !== 'string') continue;
      const served = JSON.parse(response.body) as Json;
      pacts.push({
        consumer,
        provider,
        consumerVersion: version.number,
        createdAt: str(served.createdAt) ?? version.createdAt,
        content: publishedPactText(response.body),
      });
      const contentHref = linkHref(served, 'pb:pact-version');
      if (contentHref !== undefined && !contents.has(contentHref)) contents.set(contentHref, version.number);
    }
    for (const [contentHref, consumerVersion] of contents) {
      verifications.push(...(await exportVerifications(client, contentHref, { consumer, provider, consumerVersion })));
    }
    progress(`${consumer} → ${provider}: ${contents.size} pact contents`);
  }
  return { pacts, verifications };
}

/** Verification results 1..n of one pact content (numbers can have gaps after a cleanup, so 404s are skipped). */
async function exportVerifications(
  client: BrokerClient,
  contentHref: string,
  pact: { consumer: string; provider: string; consumerVersion: string },
): Promise<ExportedVerification[]> {
  const latest = await client.get(`${contentHref}/verification-results/latest`, { allow: [404] });
  if (latest.status === 404) return [];
  const latestNumber = Number(/\/verification-results\/(\d+)$/.exec(linkHref(obj(latest.body), 'self') ?? '')?.[1] ?? 0);
  const results: ExportedVerification[] = [];
  for (let n = 1; n <= latestNumber; n++) {
    const response = n === latestNumber ? latest : await client.get(`${contentHref}/verification-results/${n}`, { allow: [404] });
    if (response.status === 404) continue;
    const v = obj(response.body);
    const providerVersion = str(v.providerApplicationVersion);
    if (providerVersion === undefined || typeof v.success !== 'boolean') continue;
    results.push({
      ...pact,
      providerVersion,
      success: v.success,
      verifiedAt: str(v.verificationDate) ?? str(v.createdAt) ?? new Date(0).toISOString(),
      buildUrl: str(v.buildUrl) ?? null,
    });
  }
  return results;
}

async function exportEnvironments(client: BrokerClient) {
  const envBodies = arr(obj((await getJson(client, await client.indexLink('pb:environments')))._embedded).environments);
  const environments: TreatyExport['environments'] = [];
  const deployments: TreatyExport['deployments'] = [];
  const releases: TreatyExport['releases'] = [];
  for (const e of envBodies) {
    const name = str(e.name);
    const uuid = str(e.uuid);
    if (name === undefined || uuid === undefined) continue;
    environments.push({ uuid, name, displayName: str(e.displayName) ?? null, production: e.production === true });
    const deployedUrl = linkHref(e, 'pb:currently-deployed-deployed-versions');
    for (const d of deployedUrl ? arr(obj((await getJson(client, deployedUrl))._embedded).deployedVersions) : []) {
      const pacticipant = str(obj(obj(d._embedded).pacticipant).name);
      const version = str(obj(obj(d._embedded).version).number);
      if (pacticipant && version)
        deployments.push({
          pacticipant,
          version,
          environment: name,
          applicationInstance: str(d.applicationInstance) ?? null,
          deployedAt: str(d.createdAt) ?? new Date(0).toISOString(),
        });
    }
    const releasedUrl = linkHref(e, 'pb:currently-supported-released-versions');
    for (const r of releasedUrl ? arr(obj((await getJson(client, releasedUrl))._embedded).releasedVersions) : []) {
      const pacticipant = str(obj(obj(r._embedded).pacticipant).name);
      const version = str(obj(obj(r._embedded).version).number);
      if (pacticipant && version)
        releases.push({ pacticipant, version, environment: name, releasedAt: str(r.createdAt) ?? new Date(0).toISOString() });
    }
  }
  return { environments, deployments, releases };
}

/** A value a broker shows instead of a secret: the Pact Broker and Treaty show "**********" (older Pact Brokers "*****"). */
const MASK = /\*{3,}/;

/** Every webhook listed by pb:webhooks, with its definition; the uuid is the last segment of its href. */
async function exportWebhooks(client: BrokerClient): Promise<ExportedWebhook[]> {
  const list = await getJson(client, await client.indexLink('pb:webhooks'));
  const links = obj(list._links)['pb:webhooks'];
  const webhooks: ExportedWebhook[] = [];
  for (const link of Array.isArray(links) ? arr(links) : [obj(links)]) {
    const url = str(link.href);
    if (url === undefined) continue;
    const body = await getJson(client, url);
    const uuid = str(body.uuid) ?? decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    const webhook = exportedWebhook(uuid, body);
    if (webhook !== undefined) webhooks.push(webhook);
  }
  return webhooks;
}

function webhookScope(value: unknown): ExportedWebhookScope | null {
  const side = obj(value);
  const name = str(side.name);
  const label = str(side.label);
  return name !== undefined ? { name } : label !== undefined ? { label } : null;
}

/** One webhook resource as a file entry; masks in place of secrets are listed in `redactedFields`. */
export function exportedWebhook(uuid: string, body: Json): ExportedWebhook | undefined {
  const request = obj(body.request);
  const method = str(request.method);
  const url = str(request.url);
  if (uuid === '' || method === undefined || url === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const [header, value] of Object.entries(obj(request.headers)))
    if (value !== null && value !== undefined) headers[header] = String(value);
  const password = str(request.password) ?? null;
  const redactedFields = [
    ...(MASK.test(url) ? ['request.url'] : []),
    ...Object.entries(headers)
      .filter(([, value]) => MASK.test(value))
      .map(([header]) => `request.headers.${header}`),
    // Brokers never show a password, so any value shown is a mask.
    ...(password !== null && password !== '' ? ['request.password'] : []),
  ];
  return {
    uuid,
    description: str(body.description) ?? null,
    consumer: webhookScope(body.consumer),
    provider: webhookScope(body.provider),
    events: names(body.events),
    request: {
      method,
      url,
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(request.body !== undefined && request.body !== null ? { body: request.body } : {}),
      ...(str(request.username) !== undefined ? { username: str(request.username) } : {}),
      ...(password !== null ? { password } : {}),
    },
    enabled: body.enabled !== false,
    ...(str(body.createdAt) !== undefined ? { createdAt: str(body.createdAt) } : {}),
    ...(redactedFields.length > 0 ? { secretsRedacted: true, redactedFields } : {}),
  };
}
