// HAL bodies for environments (PB decorators: environment, environments, embedded_environment).
// pact-broker record-deployment finds an environment by `name` in the pb:environments link array.
import type { EnvironmentRow } from '../../store/environments/environments.ts';
import { displayNameOf } from '../../domain/pacticipants/display-name.ts';
import type { EnvironmentSummary } from '../../store/environments/environments.ts';
import { href, paths } from '../../paths.ts';
import { formatDateTime } from './format.ts';

export const environmentHref = (base: string, uuid: string): string => href(base, paths.environment, { environment: uuid });

/** The short form embedded in deployed and released versions. */
export function embeddedEnvironment(base: string, e: EnvironmentSummary) {
  return {
    uuid: e.uuid,
    name: e.name,
    displayName: displayNameOf(e),
    production: e.production,
    _links: { self: { title: 'Environment', name: e.name, href: environmentHref(base, e.uuid) } },
  };
}

export function environmentBody(base: string, e: EnvironmentRow) {
  const label = displayNameOf(e);
  const deployed = {
    title: `Versions currently deployed to ${label} environment`,
    href: href(base, paths.currentlyDeployed, { environment: e.uuid }),
  };
  const supported = {
    title: `Versions released and supported in ${label} environment`,
    href: href(base, paths.currentlySupported, { environment: e.uuid }),
  };
  return {
    uuid: e.uuid,
    name: e.name,
    displayName: displayNameOf(e),
    production: e.production,
    contacts: e.contacts ?? [],
    createdAt: formatDateTime(e.createdAt),
    updatedAt: formatDateTime(e.updatedAt),
    _links: {
      self: { title: 'Environment', name: e.name, href: environmentHref(base, e.uuid) },
      'pb:currently-deployed-deployed-versions': deployed,
      'pb:currently-supported-released-versions': supported,
      // Older relation names, still accepted by pact-broker record-undeployment / record-support-ended.
      'pb:currently-deployed-versions': deployed,
      'pb:currently-supported-versions': supported,
      'pb:environments': { title: 'Environments', href: href(base, paths.environments) },
    },
  };
}

export function environmentsBody(base: string, environments: readonly EnvironmentRow[]) {
  return {
    _embedded: { environments: environments.map((e) => environmentBody(base, e)) },
    _links: {
      self: { title: 'Environments', href: href(base, paths.environments) },
      'pb:environments': environments.map((e) => ({ title: 'Environment', name: e.name, href: environmentHref(base, e.uuid) })),
      'pb:environment': { title: 'Environment', href: `${href(base, paths.environments)}/{uuid}`, templated: true },
    },
  };
}
