// HAL bodies for pacticipants (PB decorators: pacticipant, embedded_pacticipant, pacticipants).
// The Rust verifier follows pb:branch-version and pb:version-tag from here to record the provider
// version's branch and tags, so those templated links must always be present.
import type { PacticipantView } from '../../store/pacticipants/pacticipant-views.ts';
import { displayNameOf } from '../../domain/pacticipants/display-name.ts';
import type { PacticipantRow } from '../../store/pacticipants/pacticipants.ts';
import type { Paged } from '../../store/paging.ts';
import { href, paths, templatedHref } from '../../paths.ts';
import { formatDateTime, paginationMembers } from './format.ts';
import { embeddedVersion } from './version.ts';

export const pacticipantHref = (base: string, name: string): string => href(base, paths.pacticipant, { pacticipant: name });

/** The short form other resources embed (deployed versions, matrix rows, ...). */
export function embeddedPacticipant(base: string, pacticipant: Pick<PacticipantRow, 'name'>) {
  return { name: pacticipant.name, _links: { self: { href: pacticipantHref(base, pacticipant.name) } } };
}

export function pacticipantBody(base: string, view: PacticipantView) {
  const { pacticipant: p, latestVersion, labels } = view;
  const name = { pacticipant: p.name };
  const latest = latestVersion ? embeddedVersion(base, p.name, latestVersion.number) : undefined;
  return {
    name: p.name,
    displayName: displayNameOf(p),
    repositoryUrl: p.repositoryUrl,
    repositoryName: p.repositoryName,
    repositoryNamespace: p.repositoryNamespace,
    mainBranch: p.mainBranch,
    createdAt: formatDateTime(p.createdAt),
    updatedAt: formatDateTime(p.updatedAt),
    _embedded: {
      ...(latest ? { latestVersion: latest } : {}),
      // Deprecated dasherized key, still read by older clients and the Pact Broker client's own pact.
      ...(latest
        ? { 'latest-version': { ...latest, title: 'DEPRECATED - please use latestVersion', name: 'DEPRECATED - please use latestVersion' } }
        : {}),
      labels: labels.map((label) => ({
        name: label,
        _links: { self: { title: 'Label', name: label, href: href(base, paths.pacticipantLabel, { ...name, label }) } },
      })),
    },
    _links: {
      self: { href: pacticipantHref(base, p.name) },
      'pb:versions': { href: href(base, paths.pacticipantVersions, name) },
      'pb:branches': { href: href(base, paths.branches, name) },
      'pb:version': {
        title: 'Get, create or delete a pacticipant version',
        href: templatedHref(base, paths.pacticipantVersion, name),
        templated: true,
      },
      'pb:version-tag': {
        title: `Get, create or delete a tag for a version of ${p.name}`,
        href: templatedHref(base, paths.versionTag, name),
        templated: true,
      },
      'pb:branch-version': {
        title: `Get or add/create a version for a branch of ${p.name}`,
        href: templatedHref(base, paths.branchVersion, name),
        templated: true,
      },
      'pb:label': {
        title: `Get, create or delete a label for ${p.name}`,
        href: templatedHref(base, paths.pacticipantLabel, name),
        templated: true,
      },
      versions: { title: 'Deprecated - use pb:versions', href: href(base, paths.pacticipantVersions, name) },
      'pb:can-i-deploy-badge': {
        title: `Can I Deploy ${p.name} badge`,
        href: templatedHref(base, paths.canIDeployTagToTagBadge.replace('{to}', '{environmentTag}'), name),
        templated: true,
      },
      'pb:can-i-deploy-branch-to-environment-badge': {
        title: `Can I Deploy ${p.name} branch to environment badge`,
        href: templatedHref(base, paths.canIDeployBranchToEnvironmentBadge, name),
        templated: true,
      },
      curies: [{ name: 'pb', href: `${base}/doc/{rel}?context=pacticipant`, templated: true }],
    },
  };
}

/**
 * GET /pacticipants: `_embedded.pacticipants`, the `pb:pacticipants` link array, and the deprecated
 * top-level `pacticipants` array and `pacticipants` links that the Pact Broker client's pact still expects.
 */
export function pacticipantsBody(base: string, paged: Paged<PacticipantView>) {
  const selfHref = href(base, paths.pacticipants);
  const bodies = paged.rows.map((view) => pacticipantBody(base, view));
  const pagination = paginationMembers(selfHref, paged.page, paged.total);
  return {
    ...(pagination.page ? { page: pagination.page } : {}),
    _embedded: { pacticipants: bodies },
    pacticipants: bodies.map((body) => ({ ...body, title: 'DEPRECATED - Please use the embedded pacticipants collection' })),
    _links: {
      self: { href: selfHref },
      'pb:pacticipants-with-label': {
        title: 'Find pacticipants by label',
        href: templatedHref(base, paths.pacticipantsWithLabel),
        templated: true,
      },
      'pb:pacticipants': paged.rows.map(({ pacticipant: p }) => ({
        href: pacticipantHref(base, p.name),
        title: 'Pacticipant',
        name: p.name,
      })),
      pacticipants: paged.rows.map(({ pacticipant: p }) => ({
        href: pacticipantHref(base, p.name),
        title: p.name,
        name: 'DEPRECATED - please use pb:pacticipants',
      })),
      ...pagination.links,
    },
  };
}
