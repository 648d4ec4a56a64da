// HAL bodies for deployed and released versions (PB decorators: deployed_version, deployed_versions,
// released_version, released_versions). `target` is the deprecated name of applicationInstance.
import type { DeployedVersionView, ReleasedVersionView } from '../../store/deployments.ts';
import { href, paths } from '../../paths.ts';
import { embeddedEnvironment } from './environment.ts';
import { formatDateTime } from './format.ts';
import { embeddedPacticipant } from './pacticipant.ts';
import { embeddedVersion } from './version.ts';

export function deployedVersionBody(base: string, d: DeployedVersionView) {
  return {
    uuid: d.uuid,
    currentlyDeployed: d.currentlyDeployed,
    target: d.applicationInstance,
    applicationInstance: d.applicationInstance,
    undeployedAt: formatDateTime(d.undeployedAt),
    createdAt: formatDateTime(d.createdAt),
    updatedAt: formatDateTime(d.updatedAt),
    _embedded: {
      pacticipant: embeddedPacticipant(base, { name: d.pacticipantName }),
      version: embeddedVersion(base, d.pacticipantName, d.versionNumber),
      environment: embeddedEnvironment(base, d.environment),
    },
    _links: { self: { href: href(base, paths.deployedVersion, { uuid: d.uuid }) } },
  };
}

export function deployedVersionsBody(base: string, selfHref: string, title: string, list: readonly DeployedVersionView[]) {
  return {
    _embedded: { deployedVersions: list.map((d) => deployedVersionBody(base, d)) },
    _links: { self: { title, href: selfHref } },
  };
}

export function releasedVersionBody(base: string, r: ReleasedVersionView) {
  return {
    uuid: r.uuid,
    currentlySupported: r.currentlySupported,
    supportEndedAt: formatDateTime(r.supportEndedAt),
    createdAt: formatDateTime(r.createdAt),
    updatedAt: formatDateTime(r.updatedAt),
    _embedded: {
      pacticipant: embeddedPacticipant(base, { name: r.pacticipantName }),
      version: embeddedVersion(base, r.pacticipantName, r.versionNumber),
      environment: embeddedEnvironment(base, r.environment),
    },
    _links: { self: { href: href(base, paths.releasedVersion, { uuid: r.uuid }) } },
  };
}

export function releasedVersionsBody(base: string, selfHref: string, title: string, list: readonly ReleasedVersionView[]) {
  return {
    _embedded: { releasedVersions: list.map((r) => releasedVersionBody(base, r)) },
    _links: { self: { title, href: selfHref } },
  };
}
