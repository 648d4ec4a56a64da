// `treaty can-i-deploy --from-environment staging --to-environment production` (issue #17): promote every
// application whose versions in the source environment differ from the target's, checked as ONE multi-selector
// can-i-deploy. Only Pact Broker API relations are used (pb:environments, pb:currently-deployed-deployed-versions,
// pb:currently-supported-released-versions, /matrix), so it works against a Pact Broker too.
//
// Semantics: the promoted versions replace the target's versions of the same applications; every other application
// stays at the version(s) the target runs now (the matrix infers them from `environment=<target>`).
import { BrokerFeatureMissingError } from './errors.ts';
import { environmentNotFound, findEnvironmentHref, requireEnvironmentsFeature } from './environment-flows.ts';
import { objectBody, type BrokerClient } from './http/broker-client.ts';
import { findLink } from './http/hal.ts';
import type { SelectorToken } from './matrix-query.ts';

export interface RunningVersion {
  pacticipant: string;
  version: string;
}

export interface PromotionChange {
  pacticipant: string;
  currentVersions: string[];
  promotedVersions: string[];
}

/** The applications whose version set in `source` differs from `target`'s (by name, case-insensitively). */
export function promotionChanges(source: readonly RunningVersion[], target: readonly RunningVersion[]): PromotionChange[] {
  const group = (versions: readonly RunningVersion[]) => {
    const map = new Map<string, { name: string; versions: string[] }>();
    for (const v of versions) {
      const entry = map.get(v.pacticipant.toLowerCase()) ?? { name: v.pacticipant, versions: [] };
      if (!entry.versions.includes(v.version)) entry.versions.push(v.version);
      map.set(v.pacticipant.toLowerCase(), entry);
    }
    return map;
  };
  const inTarget = group(target);
  const changes: PromotionChange[] = [];
  for (const [key, { name, versions }] of group(source)) {
    const current = inTarget.get(key)?.versions ?? [];
    if (current.length !== versions.length || !versions.every((v) => current.includes(v)))
      changes.push({ pacticipant: name, currentVersions: [...current].sort(), promotedVersions: [...versions].sort() });
  }
  return changes.sort((a, b) => a.pacticipant.localeCompare(b.pacticipant));
}

/** The selector tokens of a promotion: `--pacticipant P --version V` for every promoted version. */
export function promotionTokens(changes: readonly PromotionChange[]): SelectorToken[] {
  return changes.flatMap((c) =>
    c.promotedVersions.flatMap((version): SelectorToken[] => [
      { flag: 'pacticipant', value: c.pacticipant },
      { flag: 'version', value: version },
    ]),
  );
}

/** "order-service: 1a2b3c → 4d5e6f" per change. */
export function describeChanges(from: string, to: string, changes: readonly PromotionChange[]): string {
  if (changes.length === 0) return `Nothing to promote: ${to} already runs every version that is in ${from}.`;
  const lines = changes.map(
    (c) =>
      `  ${c.pacticipant}: ${c.currentVersions.length ? c.currentVersions.join(', ') : '(not in ' + to + ')'} → ${c.promotedVersions.join(', ')}`,
  );
  return [`Promoting ${changes.length} application${changes.length === 1 ? '' : 's'} from ${from} to ${to}:`, ...lines].join('\n');
}

/** What runs in an environment now: its current deployments and supported releases. */
export async function runningVersions(client: BrokerClient, environmentsHref: string, name: string): Promise<RunningVersion[]> {
  const href = await findEnvironmentHref(client, environmentsHref, name);
  if (!href) throw environmentNotFound(name);
  const environment = objectBody(await client.get(href), `GET ${href}`);
  const deployed = findLink(environment, ['pb:currently-deployed-deployed-versions', 'pb:currently-deployed-versions']);
  const released = findLink(environment, ['pb:currently-supported-released-versions', 'pb:currently-supported-versions']);
  if (!deployed)
    throw new BrokerFeatureMissingError(
      `The broker at ${client.settings.baseUrl} does not list current deployments (the environment has no "pb:currently-deployed-deployed-versions" link). Upgrade it to Pact Broker >= 2.80.0 or Treaty.`,
    );
  const list = async (listHref: string, key: string): Promise<RunningVersion[]> => {
    const body = objectBody<{ _embedded?: Record<string, unknown> }>(await client.get(listHref), `GET ${listHref}`);
    const items = body._embedded?.[key];
    if (!Array.isArray(items)) return [];
    return items.flatMap((item: { _embedded?: { pacticipant?: { name?: unknown }; version?: { number?: unknown } } }) => {
      const pacticipant = item._embedded?.pacticipant?.name;
      const version = item._embedded?.version?.number;
      return typeof pacticipant === 'string' && typeof version === 'string' ? [{ pacticipant, version }] : [];
    });
  };
  const [deployments, releases] = await Promise.all([
    list(deployed.href, 'deployedVersions'),
    released ? list(released.href, 'releasedVersions') : Promise.resolve([]),
  ]);
  return [...deployments, ...releases];
}

/** The promotion from `from` to `to`: what differs, as selector tokens for the matrix. */
export async function planPromotion(client: BrokerClient, from: string, to: string): Promise<PromotionChange[]> {
  const environmentsHref = await requireEnvironmentsFeature(client, 'promotions');
  const [source, target] = await Promise.all([
    runningVersions(client, environmentsHref, from),
    runningVersions(client, environmentsHref, to),
  ]);
  return promotionChanges(source, target);
}
