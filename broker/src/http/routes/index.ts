// Every route group, registered in one place. One file per group; each exports registerXRoutes.
import type { Router } from 'express';
import type { RouteDeps } from '../../app.ts';
import { registerBadgeRoutes } from './badges.ts';
import { registerBranchRoutes } from './branches.ts';
import { registerCanIDeployRoutes } from './can-i-deploy.ts';
import { registerDeploymentRoutes } from './deployments.ts';
import { registerEnvironmentRoutes } from './environments.ts';
import { registerIndexRoutes } from './index-resource.ts';
import { registerIntegrationRoutes } from './integrations.ts';
import { registerMatrixRoutes } from './matrix.ts';
import { registerPacticipantRoutes } from './pacticipants.ts';
import { registerPactRoutes } from './pacts.ts';
import { registerProviderStateRoutes } from './provider-states.ts';
import { registerPublishRoutes } from './publish.ts';
import { registerTagRoutes } from './tags.ts';
import { registerVerificationRoutes } from './verifications.ts';
import { registerVersionRoutes } from './versions.ts';
import { registerWebhookRoutes } from './webhooks.ts';

export function registerRoutes(router: Router, deps: RouteDeps): void {
  registerIndexRoutes(router, deps);
  registerPacticipantRoutes(router, deps);
  registerVersionRoutes(router, deps);
  registerBranchRoutes(router, deps);
  registerTagRoutes(router, deps);
  registerEnvironmentRoutes(router, deps);
  registerDeploymentRoutes(router, deps);
  registerPublishRoutes(router, deps);
  registerPactRoutes(router, deps);
  registerVerificationRoutes(router, deps);
  registerIntegrationRoutes(router, deps);
  registerBadgeRoutes(router, deps);
  registerMatrixRoutes(router, deps);
  registerCanIDeployRoutes(router, deps);
  registerWebhookRoutes(router, deps);
  if (deps.config.providerStatesEndpoint) registerProviderStateRoutes(router, deps);
}
