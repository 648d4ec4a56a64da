// Version tags: GET/PUT/DELETE /pacticipants/{p}/versions/{v}/tags/{t} and the versions carrying a
// tag. PUT with `{}` (pact-broker create-version-tag, the Rust verifier's provider tags) creates
// the pacticipant and version as needed: 201 when the tag is new, 200 when the version had it.
import type { Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { NotFoundError } from '../../errors.ts';
import { requireVersion } from '../../store/lookups.ts';
import { deleteTag, findTag, tagVersion } from '../../store/pacticipants.ts';
import { loadVersionList } from '../../store/version-views.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';
import { parsePage, pathParam } from '../request-body.ts';
import { tagBody, versionsBody } from '../representations/version.ts';

export function registerTagRoutes(router: Router, deps: RouteDeps): void {
  const db = deps.db;

  router.get(route(paths.versionTag), async (req, res) => {
    const { pacticipant, version } = await requireVersion(db, pathParam(req, 'pacticipant'), pathParam(req, 'version'));
    const tag = await findTag(db, version.id, pathParam(req, 'tag'));
    if (!tag)
      throw new NotFoundError(
        `Version '${version.number}' of '${pacticipant.name}' has no tag '${pathParam(req, 'tag')}'. Add it with PUT on this URL (pact-broker create-version-tag).`,
      );
    sendHal(res, 200, tagBody(res.locals.baseUrl, pacticipant.name, version.number, tag));
  });

  router.put(route(paths.versionTag), async (req, res) => {
    const { pacticipant, version, tag, created } = await tagVersion(
      db,
      pathParam(req, 'pacticipant'),
      pathParam(req, 'version'),
      pathParam(req, 'tag'),
    );
    sendHal(res, created ? 201 : 200, tagBody(res.locals.baseUrl, pacticipant.name, version.number, tag));
  });

  router.delete(route(paths.versionTag), async (req, res) => {
    const { pacticipant, version } = await requireVersion(db, pathParam(req, 'pacticipant'), pathParam(req, 'version'));
    if (!(await deleteTag(db, version.id, pathParam(req, 'tag')))) {
      throw new NotFoundError(
        `Version '${version.number}' of '${pacticipant.name}' has no tag '${pathParam(req, 'tag')}', so there is nothing to delete.`,
      );
    }
    res.status(204).end();
  });

  router.get(route(paths.tagVersions), async (req, res) => {
    const tag = pathParam(req, 'tag');
    const { pacticipant, paged, environments } = await loadVersionList(db, pathParam(req, 'pacticipant'), { tag }, parsePage(req.query));
    const self = href(res.locals.baseUrl, paths.tagVersions, { pacticipant: pacticipant.name, tag });
    sendHal(
      res,
      200,
      versionsBody(res.locals.baseUrl, self, `Versions of ${pacticipant.name} tagged ${tag}`, pacticipant.name, paged, environments),
    );
  });
}
