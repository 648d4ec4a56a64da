// The HAL flows behind record-deployment / record-release / record-undeployment / record-support-ended,
// step for step as the pact-broker CLI follows them (PBC deployments/*.rb), so its error texts apply.
import type { EnvironmentsBody, PacticipantVersionBody } from '@treaty/wire';
import { BrokerFeatureMissingError, NotFoundError } from './errors.ts';
import { objectBody, type BrokerClient } from './http/broker-client.ts';
import { findLink, findLinks } from './http/hal.ts';

function notSupported(client: BrokerClient, what: string): BrokerFeatureMissingError {
  return new BrokerFeatureMissingError(
    `The broker at ${client.settings.baseUrl} does not support recording ${what} (no "pb:environments" relation in GET /). Upgrade it to Pact Broker >= 2.80.0 or Treaty.`,
  );
}

/** Fails early, like the pact-broker CLI, when the broker has no environments feature. */
export async function requireEnvironmentsFeature(client: BrokerClient, what: string): Promise<string> {
  const link = findLink(await client.index(), 'pb:environments');
  if (!link) throw notSupported(client, what);
  return link.href;
}

/** The environment's href, found by name in GET pb:environments (its `pb:environments` link array). */
export async function findEnvironmentHref(client: BrokerClient, environmentsHref: string, name: string): Promise<string | undefined> {
  const body = objectBody<EnvironmentsBody>(await client.get(environmentsHref), `GET ${environmentsHref}`);
  const byLink = findLinks(body, 'pb:environments').find((l) => l.name === name);
  if (byLink) return byLink.href;
  const embedded = body._embedded?.environments?.find((e) => e.name === name);
  return embedded ? findLink(embedded, 'self')?.href : undefined;
}

export function environmentNotFound(name: string): NotFoundError {
  return new NotFoundError(`No environment found with name '${name}'. Create it first: treaty create-environment --name ${name}`);
}

export async function getEnvironment(client: BrokerClient, environmentsHref: string, name: string): Promise<Record<string, unknown>> {
  const href = await findEnvironmentHref(client, environmentsHref, name);
  if (!href) throw environmentNotFound(name);
  return objectBody(await client.get(href), `GET ${href}`);
}

export async function getPacticipantVersion(client: BrokerClient, pacticipant: string, version: string): Promise<PacticipantVersionBody> {
  const href = await client.indexLink('pb:pacticipant-version', { pacticipant, version }, 'pacticipant versions');
  const response = await client.get(href, { allow: [404] });
  if (response.status === 404) {
    throw new NotFoundError(
      `${pacticipant} version ${version} not found. Publish its pacts or verification results first (treaty publish ... --version ${version}), or check the name and version.`,
    );
  }
  return objectBody<PacticipantVersionBody>(response, `GET ${href}`);
}

export async function pacticipantExists(client: BrokerClient, pacticipant: string): Promise<boolean> {
  const link = findLink(await client.index(), 'pb:pacticipant');
  if (!link) return true;
  const response = await client.get(link.href.replace('{pacticipant}', encodeURIComponent(pacticipant)), { allow: [404] });
  return response.status !== 404;
}

export interface RecordOnVersion {
  pacticipant: string;
  version: string;
  environment: string;
  /** `pb:record-deployment` or `pb:record-release`. */
  relation: string;
  /** `deployment` or `release`, for messages. */
  action: string;
  body: Record<string, unknown>;
}

/** GET pb:pacticipant-version → pick `relation` by environment name → POST. Returns the created resource. */
export async function recordOnVersion(client: BrokerClient, request: RecordOnVersion): Promise<Record<string, unknown>> {
  const environmentsHref = await requireEnvironmentsFeature(client, `${request.action}s`);
  const version = await getPacticipantVersion(client, request.pacticipant, request.version);
  const links = findLinks(version, request.relation);
  const link = links.find((l) => l.name === request.environment);
  if (!link) {
    if (await findEnvironmentHref(client, environmentsHref, request.environment)) {
      throw new NotFoundError(
        `Environment '${request.environment}' is not an available option for recording a ${request.action} of ${request.pacticipant}.` +
          (links.length > 0 ? ` Available: ${links.map((l) => l.name).join(', ')}.` : ''),
      );
    }
    throw environmentNotFound(request.environment);
  }
  return objectBody(await client.post(link.href, request.body), `POST ${link.href}`);
}
