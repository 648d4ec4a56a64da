// Deployed and released versions (Pact Broker ≥ 2.80): record-deployment / record-release POST to
// the pb:record-deployment / pb:record-release hrefs of a version; record-undeployment and
// record-support-ended list the environment's current entries and PATCH each one.
import type { Request, Router } from 'express';
import { displayNameOf } from '../../domain/pacticipants/display-name.ts';
import { z } from 'zod';
import type { RouteDeps } from '../../deps.ts';
import { ValidationError } from '../../errors.ts';
import {
  listCurrentlyDeployed,
  recordDeploymentOf,
  recordUndeployment,
  requireDeployedVersion,
} from '../../store/environments/deployments.ts';
import { loadDeploymentsOfVersionTo } from '../../store/environments/releases.ts';
import { listCurrentlySupported, recordReleaseOf, requireReleasedVersion, setReleaseSupported } from '../../store/environments/releases.ts';
import { requireEnvironment } from '../../store/pacticipants/lookups.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';
import { parseBody, pathParam } from '../request-body.ts';
import {
  deployedVersionBody,
  deployedVersionsBody,
  releasedVersionBody,
  releasedVersionsBody,
} from '../representations/deployed-version.ts';

const optionalText = z.string().nullable().optional();
/** `target` is the pre-2.87 name of applicationInstance; the CLI sends both. A blank instance means none. */
const DeploymentBody = z
  .object({ applicationInstance: optionalText, target: optionalText })
  .transform((b) => ({ applicationInstance: (b.applicationInstance ?? b.target ?? '').trim() || null }));
const DeployedPatch = z.object({ currentlyDeployed: z.boolean({ error: 'is required and must be true or false' }) });
const ReleasedPatch = z.object({ currentlySupported: z.boolean({ error: 'is required and must be true or false' }) });

const versionAndEnvironment = (req: Request) => ({
  pacticipantName: pathParam(req, 'pacticipant'),
  versionNumber: pathParam(req, 'version'),
  environmentUuid: pathParam(req, 'environment'),
});
const queryText = (req: Request, name: string): string | undefined => (typeof req.query[name] === 'string' ? req.query[name] : undefined);
const selfHref = (req: Request, base: string): string => `${base}${req.originalUrl}`;

export function registerDeploymentRoutes(router: Router, deps: RouteDeps): void {
  const db = deps.db;

  router.post(route(paths.deployedVersionsForVersion), async (req, res) => {
    const { applicationInstance } = parseBody(DeploymentBody, req.body, '{"applicationInstance": "blue"} or {}');
    const { deployedVersion } = await recordDeploymentOf(db, { ...versionAndEnvironment(req), applicationInstance });
    res.location(href(res.locals.baseUrl, paths.deployedVersion, { uuid: deployedVersion.uuid }));
    sendHal(res, 201, deployedVersionBody(res.locals.baseUrl, deployedVersion));
  });

  router.get(route(paths.deployedVersionsForVersion), async (req, res) => {
    const input = versionAndEnvironment(req);
    const { deployed } = await loadDeploymentsOfVersionTo(db, input);
    sendHal(
      res,
      200,
      deployedVersionsBody(
        res.locals.baseUrl,
        selfHref(req, res.locals.baseUrl),
        `Deployed versions for ${input.pacticipantName} version ${input.versionNumber}`,
        deployed,
      ),
    );
  });

  router.get(route(paths.currentlyDeployed), async (req, res) => {
    const environment = await requireEnvironment(db, pathParam(req, 'environment'));
    const instance = queryText(req, 'applicationInstance') ?? queryText(req, 'target');
    const list = await listCurrentlyDeployed(db, environment.uuid, {
      pacticipantName: queryText(req, 'pacticipant') || undefined,
      applicationInstance: instance === undefined ? undefined : instance.trim() || null,
    });
    sendHal(
      res,
      200,
      deployedVersionsBody(
        res.locals.baseUrl,
        selfHref(req, res.locals.baseUrl),
        `Currently deployed versions for ${displayNameOf(environment)}`,
        list,
      ),
    );
  });

  router.get(route(paths.deployedVersion), async (req, res) => {
    sendHal(res, 200, deployedVersionBody(res.locals.baseUrl, await requireDeployedVersion(db, pathParam(req, 'uuid'))));
  });

  router.patch(route(paths.deployedVersion), async (req, res) => {
    const { currentlyDeployed } = parseBody(DeployedPatch, req.body, '{"currentlyDeployed": false}');
    const existing = await requireDeployedVersion(db, pathParam(req, 'uuid'));
    if (currentlyDeployed && !existing.currentlyDeployed) {
      throw ValidationError.field(
        'currentlyDeployed',
        'cannot be set back to true; record a new deployment with pact-broker record-deployment instead',
      );
    }
    const updated = currentlyDeployed ? existing : await recordUndeployment(db, existing.uuid);
    sendHal(res, 200, deployedVersionBody(res.locals.baseUrl, updated ?? existing));
  });

  router.post(route(paths.releasedVersionsForVersion), async (req, res) => {
    parseBody(z.object({}), req.body, '{}');
    const { releasedVersion } = await recordReleaseOf(db, versionAndEnvironment(req));
    res.location(href(res.locals.baseUrl, paths.releasedVersion, { uuid: releasedVersion.uuid }));
    sendHal(res, 201, releasedVersionBody(res.locals.baseUrl, releasedVersion));
  });

  router.get(route(paths.releasedVersionsForVersion), async (req, res) => {
    const input = versionAndEnvironment(req);
    const { released } = await loadDeploymentsOfVersionTo(db, input);
    sendHal(
      res,
      200,
      releasedVersionsBody(
        res.locals.baseUrl,
        selfHref(req, res.locals.baseUrl),
        `Released versions for ${input.pacticipantName} version ${input.versionNumber}`,
        released,
      ),
    );
  });

  router.get(route(paths.currentlySupported), async (req, res) => {
    const environment = await requireEnvironment(db, pathParam(req, 'environment'));
    const list = await listCurrentlySupported(db, environment.uuid, {
      pacticipantName: queryText(req, 'pacticipant') || undefined,
      versionNumber: queryText(req, 'version') || undefined,
    });
    sendHal(
      res,
      200,
      releasedVersionsBody(
        res.locals.baseUrl,
        selfHref(req, res.locals.baseUrl),
        `Currently supported versions for ${displayNameOf(environment)}`,
        list,
      ),
    );
  });

  router.get(route(paths.releasedVersion), async (req, res) => {
    sendHal(res, 200, releasedVersionBody(res.locals.baseUrl, await requireReleasedVersion(db, pathParam(req, 'uuid'))));
  });

  router.patch(route(paths.releasedVersion), async (req, res) => {
    const { currentlySupported } = parseBody(ReleasedPatch, req.body, '{"currentlySupported": false}');
    const existing = await requireReleasedVersion(db, pathParam(req, 'uuid'));
    sendHal(
      res,
      200,
      releasedVersionBody(res.locals.baseUrl, (await setReleaseSupported(db, existing.uuid, currentlySupported)) ?? existing),
    );
  });
}
