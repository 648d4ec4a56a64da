// HAL bodies for branches (PB decorators: branch, pacticipant_branches, branch_version).
import type { BranchRow } from '../../store/branches.ts';
import { href, paths } from '../../paths.ts';
import { formatDateTime } from './format.ts';

export function branchBody(base: string, pacticipantName: string, branch: Pick<BranchRow, 'name' | 'createdAt' | 'updatedAt'>) {
  const params = { pacticipant: pacticipantName, branch: branch.name };
  return {
    name: branch.name,
    createdAt: formatDateTime(branch.createdAt),
    updatedAt: formatDateTime(branch.updatedAt),
    _links: {
      self: { title: 'Branch', name: branch.name, href: href(base, paths.branch, params) },
      'pb:latest-version': { title: 'Latest version for branch', href: href(base, paths.branchLatestVersion, params) },
      'pb:versions': { title: 'Versions for branch', href: href(base, paths.branchVersions, params) },
      'pb:pacticipant': { title: 'Pacticipant', name: pacticipantName, href: href(base, paths.pacticipant, params) },
    },
  };
}

export function branchesBody(base: string, pacticipantName: string, branches: readonly BranchRow[]) {
  return {
    _embedded: { branches: branches.map((b) => branchBody(base, pacticipantName, b)) },
    _links: {
      self: { title: `${pacticipantName} branches`, href: href(base, paths.branches, { pacticipant: pacticipantName }) },
      'pb:pacticipant': {
        title: 'Pacticipant',
        name: pacticipantName,
        href: href(base, paths.pacticipant, { pacticipant: pacticipantName }),
      },
    },
  };
}

/** GET/PUT /pacticipants/{p}/branches/{b}/versions/{v} */
export function branchVersionBody(
  base: string,
  pacticipantName: string,
  branchName: string,
  versionNumber: string,
  membership: { createdAt: Date; latest: boolean },
) {
  const params = { pacticipant: pacticipantName, branch: branchName, version: versionNumber };
  return {
    latest: membership.latest,
    createdAt: formatDateTime(membership.createdAt),
    _links: {
      self: { title: 'Branch version', href: href(base, paths.branchVersion, params) },
      'pb:branch': { title: 'Branch', name: branchName, href: href(base, paths.branch, params) },
      'pb:version': { title: 'Version', name: versionNumber, href: href(base, paths.pacticipantVersion, params) },
    },
  };
}
