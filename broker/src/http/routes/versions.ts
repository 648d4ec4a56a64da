// Pacticipant versions: GET/PUT/PATCH/DELETE /pacticipants/{p}/versions/{v} (PUT with `{}` is what
// pact-broker create-or-update-version sends; it creates the pacticipant and version as needed),
// the paginated version list, and latest-version[/{tag}] (pact-broker describe-version).
import type { Router } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../../deps.ts';
import { requireVersion } from '../../store/lookups.ts';
import { deleteVersion, upsertVersion } from '../../store/pacticipants.ts';
import { loadLatestVersionResource, loadVersionList, loadVersionResource, loadVersionView } from '../../store/version-views.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';
import { parseBody, parsePage, pathParam } from '../request-body.ts';
import { resourceUrl } from '../representations/format.ts';
import { versionBody, versionsBody } from '../representations/version.ts';

const VersionBody = z.object({ buildUrl: z.string().nullable().optional() });
const EXAMPLE = '{"buildUrl": "https://ci.example.com/builds/42"} or {}';
/** The Pact Broker pages version lists 100 at a time unless asked otherwise. */
const DEFAULT_PAGE_SIZE = 100;

export function registerVersionRoutes(router: Router, deps: RouteDeps): void {
  const db = deps.db;

  router.get(route(paths.pacticipantVersions), async (req, res) => {
    const { pacticipant, paged, environments } = await loadVersionList(
      db,
      pathParam(req, 'pacticipant'),
      {},
      parsePage(req.query, DEFAULT_PAGE_SIZE),
    );
    const self = href(res.locals.baseUrl, paths.pacticipantVersions, { pacticipant: pacticipant.name });
    sendHal(
      res,
      200,
      versionsBody(res.locals.baseUrl, self, `All versions of the pacticipant ${pacticipant.name}`, pacticipant.name, paged, environments),
    );
  });

  router.get(route(paths.pacticipantVersion), async (req, res) => {
    const { view, environments } = await loadVersionResource(db, pathParam(req, 'pacticipant'), pathParam(req, 'version'));
    sendHal(res, 200, versionBody(res.locals.baseUrl, view, environments));
  });

  for (const method of ['put', 'patch'] as const) {
    router[method](route(paths.pacticipantVersion), async (req, res) => {
      const { buildUrl } = parseBody(VersionBody, req.body, EXAMPLE);
      const { pacticipant, version, created } = await upsertVersion(db, pathParam(req, 'pacticipant'), pathParam(req, 'version'), buildUrl);
      const { view, environments } = await loadVersionView(db, pacticipant, version);
      sendHal(res, created ? 201 : 200, versionBody(res.locals.baseUrl, view, environments));
    });
  }

  router.delete(route(paths.pacticipantVersion), async (req, res) => {
    const { version } = await requireVersion(db, pathParam(req, 'pacticipant'), pathParam(req, 'version'));
    await deleteVersion(db, version.id);
    res.status(204).end();
  });

  router.get(route(paths.latestVersion), async (req, res) => {
    const { view, environments } = await loadLatestVersionResource(db, pathParam(req, 'pacticipant'));
    sendHal(res, 200, versionBody(res.locals.baseUrl, view, environments, resourceUrl(res.locals.baseUrl, req)));
  });

  router.get(route(paths.latestTaggedVersion), async (req, res) => {
    const { view, environments } = await loadLatestVersionResource(db, pathParam(req, 'pacticipant'), pathParam(req, 'tag'));
    sendHal(res, 200, versionBody(res.locals.baseUrl, view, environments, resourceUrl(res.locals.baseUrl, req)));
  });
}
