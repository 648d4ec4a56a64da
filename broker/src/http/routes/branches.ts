// Branches: list, read and delete a branch (pact-broker delete-branch → 204), the versions on a
// branch and its head, and PUT /pacticipants/{p}/branches/{b}/versions/{v} with `{}` — how
// create-or-update-version --branch and the Rust verifier (pb:branch-version) record a branch.
import type { Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { NotFoundError } from '../../errors.ts';
import { deleteBranch, findBranchVersion, listBranches } from '../../store/branches.ts';
import { requireBranch, requirePacticipant, requireVersion } from '../../store/lookups.ts';
import { addVersionToBranch } from '../../store/pacticipants.ts';
import { loadBranchHeadResource, loadVersionList } from '../../store/version-views.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';
import { parsePage, pathParam } from '../request-body.ts';
import { branchBody, branchesBody, branchVersionBody } from '../representations/branch.ts';
import { resourceUrl } from '../representations/format.ts';
import { versionBody, versionsBody } from '../representations/version.ts';

export function registerBranchRoutes(router: Router, deps: RouteDeps): void {
  const db = deps.db;

  router.get(route(paths.branches), async (req, res) => {
    const pacticipant = await requirePacticipant(db, pathParam(req, 'pacticipant'));
    sendHal(res, 200, branchesBody(res.locals.baseUrl, pacticipant.name, await listBranches(db, pacticipant.id)));
  });

  router.get(route(paths.branch), async (req, res) => {
    const { pacticipant, branch } = await requireBranch(db, pathParam(req, 'pacticipant'), pathParam(req, 'branch'));
    sendHal(res, 200, branchBody(res.locals.baseUrl, pacticipant.name, branch));
  });

  router.delete(route(paths.branch), async (req, res) => {
    const { branch } = await requireBranch(db, pathParam(req, 'pacticipant'), pathParam(req, 'branch'));
    await deleteBranch(db, branch.id);
    res.status(204).end();
  });

  router.get(route(paths.branchVersions), async (req, res) => {
    const branch = pathParam(req, 'branch');
    const { pacticipant, paged, environments } = await loadVersionList(db, pathParam(req, 'pacticipant'), { branch }, parsePage(req.query));
    const self = href(res.locals.baseUrl, paths.branchVersions, { pacticipant: pacticipant.name, branch });
    sendHal(
      res,
      200,
      versionsBody(res.locals.baseUrl, self, `Versions of ${pacticipant.name} on branch ${branch}`, pacticipant.name, paged, environments),
    );
  });

  router.get(route(paths.branchLatestVersion), async (req, res) => {
    const { view, environments } = await loadBranchHeadResource(db, pathParam(req, 'pacticipant'), pathParam(req, 'branch'));
    sendHal(res, 200, versionBody(res.locals.baseUrl, view, environments, resourceUrl(res.locals.baseUrl, req)));
  });

  router.get(route(paths.branchVersion), async (req, res) => {
    const { pacticipant, branch } = await requireBranch(db, pathParam(req, 'pacticipant'), pathParam(req, 'branch'));
    const { version } = await requireVersion(db, pacticipant.name, pathParam(req, 'version'));
    const membership = await findBranchVersion(db, branch.id, version.id);
    if (!membership)
      throw new NotFoundError(
        `Version '${version.number}' of '${pacticipant.name}' is not on branch '${branch.name}'. Add it with PUT on this URL.`,
      );
    sendHal(res, 200, branchVersionBody(res.locals.baseUrl, pacticipant.name, branch.name, version.number, membership));
  });

  router.put(route(paths.branchVersion), async (req, res) => {
    const branchName = pathParam(req, 'branch');
    const { pacticipant, version, created } = await addVersionToBranch(
      db,
      pathParam(req, 'pacticipant'),
      branchName,
      pathParam(req, 'version'),
    );
    const { branch } = await requireBranch(db, pacticipant.name, branchName);
    const membership = await findBranchVersion(db, branch.id, version.id);
    sendHal(
      res,
      created ? 201 : 200,
      branchVersionBody(
        res.locals.baseUrl,
        pacticipant.name,
        branch.name,
        version.number,
        membership ?? { createdAt: new Date(), latest: true },
      ),
    );
  });
}
