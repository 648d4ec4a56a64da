// Every route group, registered in one place. One file per group; each exports registerXRoutes.
import type { Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import type { BrokerMetrics } from '../metrics.ts';
import { registerGraphqlRoutes } from '../../graphql/route.ts';
import { registerAdminRoutes } from './admin.ts';
import { registerAuditRoutes } from './audit.ts';
import { registerBadgeRoutes } from './badges.ts';
import { registerBranchRoutes } from './branches.ts';
import { registerCanIDeployRoutes } from './can-i-deploy.ts';
import { registerDeploymentRoutes } from './deployments.ts';
import { registerEnvironmentRoutes } from './environments.ts';
import { registerHealthRoutes } from './health.ts';
import { registerIndexRoutes } from './index-resource.ts';
import { registerIntegrationRoutes } from './integrations.ts';
import { registerLabelRoutes } from './labels.ts';
import { registerMatrixRoutes } from './matrix.ts';
import { registerPacticipantRoutes } from './pacticipants.ts';
import { registerPactRoutes } from './pacts.ts';
import { registerPactsForVerificationRoutes } from './pacts-for-verification.ts';
import { registerProviderContractRoutes } from './provider-contracts.ts';
import { registerProviderStateListRoutes } from './provider-state-lists.ts';
import { registerProviderStateRoutes } from './provider-states.ts';
import { registerPublishRoutes } from './publish.ts';
import { registerSchemaRoutes } from './schemas.ts';
import { registerTagRoutes } from './tags.ts';
import { registerTokenRoutes } from './tokens.ts';
import { registerVerificationRoutes } from './verifications.ts';
import { registerVersionRoutes } from './versions.ts';
import { registerWebhookExecutionRoutes } from './webhook-executions.ts';
import { registerWebhookRoutes } from './webhooks.ts';
import { registerWebUiRoutes } from './web-ui.ts';

export interface OperationsDeps {
  metrics: BrokerMetrics;
}

export function registerRoutes(router: Router, deps: RouteDeps, operations: OperationsDeps): void {
  // First: GET / from a browser redirects to the UI before the HAL index answers it.
  registerWebUiRoutes(router, deps);
  registerHealthRoutes(router, deps, operations.metrics);
  registerIndexRoutes(router, deps);
  registerLabelRoutes(router, deps);
  registerPacticipantRoutes(router, deps);
  registerVersionRoutes(router, deps);
  registerBranchRoutes(router, deps);
  registerTagRoutes(router, deps);
  registerEnvironmentRoutes(router, deps);
  registerDeploymentRoutes(router, deps);
  registerPublishRoutes(router, deps);
  registerPactRoutes(router, deps);
  registerPactsForVerificationRoutes(router, deps);
  registerProviderStateListRoutes(router, deps);
  registerVerificationRoutes(router, deps);
  registerIntegrationRoutes(router, deps);
  registerBadgeRoutes(router, deps);
  registerMatrixRoutes(router, deps);
  registerCanIDeployRoutes(router, deps);
  registerWebhookExecutionRoutes(router, deps);
  registerWebhookRoutes(router, deps);
  registerSchemaRoutes(router, deps);
  registerProviderContractRoutes(router, deps);
  registerTokenRoutes(router, deps);
  registerAuditRoutes(router, deps);
  registerAdminRoutes(router, deps);
  registerGraphqlRoutes(router, deps);
  if (deps.config.providerStatesEndpoint) registerProviderStateRoutes(router, deps);
}
