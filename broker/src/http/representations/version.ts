// HAL bodies for pacticipant versions and tags (PB decorators: version, versions, embedded_version,
// tag, embedded_tag, embedded_branch_version). pact-broker record-deployment / record-release pick
// their target from the pb:record-deployment / pb:record-release arrays here, by environment name.
import type { TagRow } from '../../store/pacticipants/tags.ts';
import { displayNameOf } from '../../domain/pacticipants/display-name.ts';
import type { Paged } from '../../store/paging.ts';
import type { BranchVersionRow } from '../../store/pacticipants/branches.ts';
import type { EnvironmentRow } from '../../store/environments/environments.ts';
import type { VersionView } from '../../store/pacticipants/version-views.ts';
import { href, paths } from '../../paths.ts';
import { formatDateTime, paginationMembers } from './format.ts';

export const versionHref = (base: string, pacticipant: string, version: string): string =>
  href(base, paths.pacticipantVersion, { pacticipant, version });

/** The short form embedded in pacticipants, deployed versions, matrix rows, ... */
export function embeddedVersion(base: string, pacticipantName: string, number: string) {
  return { number, _links: { self: { title: 'Version', name: number, href: versionHref(base, pacticipantName, number) } } };
}

export function embeddedTag(base: string, pacticipantName: string, versionNumber: string, tag: Pick<TagRow, 'name' | 'createdAt'>) {
  return {
    name: tag.name,
    createdAt: formatDateTime(tag.createdAt),
    _links: {
      self: {
        title: 'Tag',
        name: tag.name,
        href: href(base, paths.versionTag, { pacticipant: pacticipantName, version: versionNumber, tag: tag.name }),
      },
    },
  };
}

export function embeddedBranchVersion(
  base: string,
  pacticipantName: string,
  versionNumber: string,
  bv: Pick<BranchVersionRow, 'branchName' | 'latest'>,
) {
  return {
    name: bv.branchName,
    latest: bv.latest,
    _links: {
      self: {
        title: 'Branch version',
        name: bv.branchName,
        href: href(base, paths.branchVersion, { pacticipant: pacticipantName, branch: bv.branchName, version: versionNumber }),
      },
    },
  };
}

/** GET /pacticipants/{p}/versions/{v} (and latest-version, which passes its own URL as `selfHref`). */
export function versionBody(base: string, view: VersionView, environments: readonly EnvironmentRow[], selfHref?: string) {
  const { pacticipant, version } = view;
  const p = pacticipant.name;
  const n = version.number;
  const params = { pacticipant: p, version: n };
  const branchVersions = view.branchVersions.map((bv) => embeddedBranchVersion(base, p, n, bv));
  return {
    number: n,
    buildUrl: version.buildUrl,
    createdAt: formatDateTime(version.createdAt),
    updatedAt: formatDateTime(version.updatedAt),
    _embedded: {
      branchVersions,
      branches: branchVersions, // deprecated name for branchVersions
      tags: view.tags.map((tag) => embeddedTag(base, p, n, tag)),
    },
    _links: {
      self: { title: 'Version', name: n, href: selfHref ?? versionHref(base, p, n) },
      'pb:pacticipant': { title: 'Pacticipant', name: p, href: href(base, paths.pacticipant, { pacticipant: p }) },
      'pb:tag': {
        href: `${versionHref(base, p, n)}/tags/{tag}`,
        title: 'Get, create or delete a tag for this pacticipant version',
        templated: true,
      },
      'pb:latest-verification-results-where-pacticipant-is-consumer': {
        title: 'Latest verification results for consumer version',
        href: href(base, paths.latestVerificationsForConsumerVersion, { consumer: p, consumerVersion: n }),
      },
      'pb:pact-versions': view.pacts.map((pact) => ({
        title: 'Pact',
        name: `Pact between ${pact.consumerName} (${pact.consumerVersionNumber}) and ${pact.providerName}`,
        href: href(base, paths.pactForConsumerVersion, {
          provider: pact.providerName,
          consumer: pact.consumerName,
          consumerVersion: pact.consumerVersionNumber,
        }),
      })),
      'pb:deployed-environments': view.deployedVersions.map((d) => ({
        title: `Version deployed to ${displayNameOf(d.environment)}`,
        name: displayNameOf(d.environment),
        href: href(base, paths.deployedVersion, { uuid: d.uuid }),
        currently_deployed: d.currentlyDeployed,
        deployed_at: formatDateTime(d.createdAt),
        undeployed_at: formatDateTime(d.undeployedAt),
        ...(d.applicationInstance === null ? {} : { application_instance: d.applicationInstance }),
      })),
      'pb:released-environments': view.releasedVersions.map((r) => ({
        title: `Version released to ${displayNameOf(r.environment)}`,
        name: displayNameOf(r.environment),
        href: href(base, paths.releasedVersion, { uuid: r.uuid }),
        currently_supported: r.currentlySupported,
        released_at: formatDateTime(r.createdAt),
        support_ended_at: formatDateTime(r.supportEndedAt),
      })),
      'pb:record-deployment': environments.map((e) => ({
        title: `Record deployment to ${displayNameOf(e)}`,
        name: e.name,
        href: href(base, paths.deployedVersionsForVersion, { ...params, environment: e.uuid }),
      })),
      'pb:record-release': environments.map((e) => ({
        title: `Record release to ${displayNameOf(e)}`,
        name: e.name,
        href: href(base, paths.releasedVersionsForVersion, { ...params, environment: e.uuid }),
      })),
      curies: [{ name: 'pb', href: `${base}/doc/{rel}?context=version`, templated: true }],
    },
  };
}

/** A list of versions, newest first (GET .../versions, .../tags/{t}/versions, .../branches/{b}/versions). */
export function versionsBody(
  base: string,
  selfHref: string,
  title: string,
  pacticipantName: string,
  paged: Paged<VersionView>,
  environments: readonly EnvironmentRow[],
) {
  const pagination = paginationMembers(selfHref, paged.page, paged.total);
  return {
    ...(pagination.page ? { page: pagination.page } : {}),
    _embedded: { versions: paged.rows.map((view) => versionBody(base, view, environments)) },
    _links: {
      self: { href: selfHref, title },
      'pb:pacticipant': {
        title: 'Pacticipant',
        name: pacticipantName,
        href: href(base, paths.pacticipant, { pacticipant: pacticipantName }),
      },
      versions: paged.rows.map(({ version }) => ({
        href: versionHref(base, pacticipantName, version.number),
        title: 'Version',
        name: version.number,
      })),
      ...pagination.links,
    },
  };
}

/** GET/PUT /pacticipants/{p}/versions/{v}/tags/{t} */
export function tagBody(base: string, pacticipantName: string, versionNumber: string, tag: Pick<TagRow, 'name' | 'createdAt'>) {
  const self = href(base, paths.versionTag, { pacticipant: pacticipantName, version: versionNumber, tag: tag.name });
  const version = versionHref(base, pacticipantName, versionNumber);
  return {
    name: tag.name,
    createdAt: formatDateTime(tag.createdAt),
    _links: {
      self: { title: 'Tag', name: tag.name, href: self },
      'pb:version': { title: 'Version', name: versionNumber, href: version },
      version: { title: 'Deprecated - use pb:version', name: versionNumber, href: version },
      'pb:pacticipant': {
        title: 'Pacticipant',
        name: pacticipantName,
        href: href(base, paths.pacticipant, { pacticipant: pacticipantName }),
      },
    },
  };
}
