// Every Pact Broker-compatible path, in one table: the compatibility surface at a glance. http/ routes
// and links with it; jobs/ links to the same resources (webhook template URLs), so it belongs to neither.
// `{name}` placeholders are HAL templates (what clients substitute); `route()` turns a template
// into an Express route, and `href()` fills one in with URL-encoded values.

export const paths = {
  index: '/',
  // pacticipants, versions, branches, tags
  pacticipants: '/pacticipants',
  pacticipant: '/pacticipants/{pacticipant}',
  pacticipantVersions: '/pacticipants/{pacticipant}/versions',
  pacticipantVersion: '/pacticipants/{pacticipant}/versions/{version}',
  latestVersion: '/pacticipants/{pacticipant}/latest-version',
  latestTaggedVersion: '/pacticipants/{pacticipant}/latest-version/{tag}',
  versionTag: '/pacticipants/{pacticipant}/versions/{version}/tags/{tag}',
  branches: '/pacticipants/{pacticipant}/branches',
  branch: '/pacticipants/{pacticipant}/branches/{branch}',
  branchVersions: '/pacticipants/{pacticipant}/branches/{branch}/versions',
  branchVersion: '/pacticipants/{pacticipant}/branches/{branch}/versions/{version}',
  branchLatestVersion: '/pacticipants/{pacticipant}/branches/{branch}/latest-version',
  tagVersions: '/pacticipants/{pacticipant}/tags/{tag}/versions',
  pacticipantLabel: '/pacticipants/{pacticipant}/labels/{label}',
  pacticipantsWithLabel: '/pacticipants/label/{label}',
  // publishing and pacts
  publishContracts: '/contracts/publish',
  pactForConsumerVersion: '/pacts/provider/{provider}/consumer/{consumer}/version/{consumerVersion}',
  pactByContentSha: '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}',
  pactByContentShaWithMetadata: '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}',
  pactVersions: '/pacts/provider/{provider}/consumer/{consumer}/versions',
  latestPact: '/pacts/provider/{provider}/consumer/{consumer}/latest',
  latestTaggedPact: '/pacts/provider/{provider}/consumer/{consumer}/latest/{tag}',
  latestUntaggedPact: '/pacts/provider/{provider}/consumer/{consumer}/latest-untagged',
  latestBranchPact: '/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest',
  previousDistinctPact: '/pacts/provider/{provider}/consumer/{consumer}/version/{consumerVersion}/previous-distinct',
  diffPreviousDistinct: '/pacts/provider/{provider}/consumer/{consumer}/version/{consumerVersion}/diff/previous-distinct',
  diffVersions: '/pacts/provider/{provider}/consumer/{consumer}/version/{consumerVersion}/diff/version/{otherVersion}',
  latestPactVersions: '/pacts/latest',
  providerPacts: '/pacts/provider/{provider}',
  latestProviderPacts: '/pacts/provider/{provider}/latest',
  latestProviderPactsWithTag: '/pacts/provider/{provider}/latest/{tag}',
  providerPactsWithTag: '/pacts/provider/{provider}/tag/{tag}',
  providerPactsForVerification: '/pacts/provider/{provider}/for-verification',
  taggedPactVersions: '/pacts/provider/{provider}/consumer/{consumer}/tag/{tag}',
  // pacts by consumer branch (pact-broker get-pacts); `branch` alone means each consumer's main branch
  providerPactsForMainBranch: '/pacts/provider/{provider}/branch',
  latestProviderPactsForMainBranch: '/pacts/provider/{provider}/branch/latest',
  providerPactsForBranch: '/pacts/provider/{provider}/branch/{branch}',
  latestProviderPactsForBranch: '/pacts/provider/{provider}/branch/{branch}/latest',
  mainBranchPactVersions: '/pacts/provider/{provider}/consumer/{consumer}/branch/versions',
  latestMainBranchPactVersions: '/pacts/provider/{provider}/consumer/{consumer}/branch/latest/versions',
  branchPactVersions: '/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}',
  latestBranchPactVersions: '/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest/versions',
  /** What `pact-broker get-pacts --consumer` asks for (the Pact Broker's index names `.../branch/versions`). */
  mainBranchPactVersionsShort: '/pacts/provider/{provider}/consumer/{consumer}/branch',
  // the provider states a provider's consumers use (pact-broker provider-states list); environment by name
  providerStates: '/pacts/provider/{provider}/provider-states',
  providerStatesForBranch: '/pacts/provider/{provider}/provider-states/branch/{branch}',
  providerStatesForEnvironment: '/pacts/provider/{provider}/provider-states/environment/{environment}',
  /** What `pact-broker get-pacts --consumer --latest` asks for (the index names `.../branch/latest/versions`). */
  latestMainBranchPactVersionsShort: '/pacts/provider/{provider}/consumer/{consumer}/branch/latest',
  // PactFlow provider contracts (bi-directional): pactflow publish-provider-contract and what PactFlow clients read
  publishProviderContract: '/provider-contracts/provider/{provider}/publish',
  providerContract: '/contracts/bi-directional/provider/{provider}/version/{version}/provider-contract',
  providerContractVerificationResults:
    '/contracts/bi-directional/provider/{provider}/version/{version}/provider-contract-verification-results',
  crossContractVerificationResults:
    '/contracts/bi-directional/provider/{provider}/version/{version}/consumer/{consumer}/version/{consumerVersion}/cross-contract-verification-results',
  // verification results
  verificationResults: '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results',
  verificationResultsWithMetadata:
    '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}/verification-results',
  verificationResult: '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/{number}',
  verificationResultWithMetadata:
    '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}/verification-results/{number}',
  latestVerificationForPactVersion: '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/latest',
  latestVerificationForConsumerVersion:
    '/pacts/provider/{provider}/consumer/{consumer}/version/{consumerVersion}/verification-results/latest',
  latestVerificationsForConsumerVersion: '/verification-results/consumer/{consumer}/version/{consumerVersion}/latest',
  latestVerificationForLatestPact: '/pacts/provider/{provider}/consumer/{consumer}/latest/verification-results/latest',
  // environments, deployments, releases
  environments: '/environments',
  environment: '/environments/{environment}',
  currentlyDeployed: '/environments/{environment}/deployed-versions/currently-deployed',
  currentlySupported: '/environments/{environment}/released-versions/currently-supported',
  deployedVersionsForVersion: '/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{environment}',
  releasedVersionsForVersion: '/pacticipants/{pacticipant}/versions/{version}/released-versions/environment/{environment}',
  deployedVersion: '/deployed-versions/{uuid}',
  releasedVersion: '/released-versions/{uuid}',
  // matrix and can-i-deploy
  matrix: '/matrix',
  matrixForIntegration: '/matrix/provider/{provider}/consumer/{consumer}',
  canIDeploy: '/can-i-deploy',
  canIDeployTagToTag: '/pacticipants/{pacticipant}/latest-version/{tag}/can-i-deploy/to/{to}',
  canIDeployTagToTagBadge: '/pacticipants/{pacticipant}/latest-version/{tag}/can-i-deploy/to/{to}/badge',
  canIDeployBranchToEnvironment: '/pacticipants/{pacticipant}/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}',
  canIDeployBranchToEnvironmentBadge:
    '/pacticipants/{pacticipant}/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}/badge',
  // integrations and badges
  integrations: '/integrations',
  integration: '/integrations/provider/{provider}/consumer/{consumer}',
  latestPactBadge: '/pacts/provider/{provider}/consumer/{consumer}/latest/badge',
  latestTaggedPactBadge: '/pacts/provider/{provider}/consumer/{consumer}/latest/{tag}/badge',
  latestUntaggedPactBadge: '/pacts/provider/{provider}/consumer/{consumer}/latest-untagged/badge',
  // webhooks
  webhooks: '/webhooks',
  webhook: '/webhooks/{uuid}',
  webhookExecute: '/webhooks/{uuid}/execute',
  webhookForConsumerAndProvider: '/webhooks/provider/{provider}/consumer/{consumer}',
  webhooksForProvider: '/webhooks/provider/{provider}',
  webhooksForConsumer: '/webhooks/consumer/{consumer}',
  pactWebhooks: '/pacts/provider/{provider}/consumer/{consumer}/webhooks',
  pactWebhooksStatus: '/pacts/provider/{provider}/consumer/{consumer}/webhooks/status',
  triggeredWebhookLogs: '/triggered-webhooks/{uuid}/logs',
  verificationTriggeredWebhooks:
    '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results/{number}/triggered-webhooks',
  verificationTriggeredWebhooksWithMetadata:
    '/pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/metadata/{metadata}/verification-results/{number}/triggered-webhooks',
  /** Treaty: every attempt of one webhook, newest first. */
  webhookExecutions: '/webhooks/{uuid}/executions',
  // operations: the Pact Broker's heartbeat, then Treaty's own probes and metrics
  heartbeat: '/diagnostic/status/heartbeat',
  health: '/health',
  healthReady: '/health/ready',
  metrics: '/metrics',
  // Treaty only: API tokens and the audit log (admin scope; see domain/auth/access-rules.ts)
  tokens: '/tokens',
  token: '/tokens/{id}',
  auditEvents: '/audit-events',
  // Treaty only: maintenance (admin scope): data retention cleanup and import of `treaty export` files
  adminCleanup: '/admin/cleanup',
  adminImport: '/admin/import',
  // Treaty only: schema contracts (issue #8; subjects may hold dots and slashes, so they are URL-encoded)
  schemaPublish: '/schemas/publish',
  schemaCheck: '/schemas/check',
  schemaSubjects: '/schemas/subjects',
  schemaSubject: '/schemas/subjects/{subject}',
  schemaSubjectCompatibility: '/schemas/subjects/{subject}/compatibility',
  schemaVersion: '/schemas/subjects/{subject}/versions/{pacticipant}/{version}',
  schemaDiff: '/schemas/subjects/{subject}/diff',
} as const;

export type PathName = keyof typeof paths;
export type PathParams = Record<string, string | number>;

/** The Express route for a template: `{name}` becomes `:name`. */
export function route(template: string): string {
  return template.replace(/\{(\w+)\}/g, ':$1');
}

/** A concrete, absolute href: every placeholder replaced by its URL-encoded value. */
export function href(baseUrl: string, template: string, params: PathParams = {}): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`href: no value for {${name}} in ${template}`);
    return encodeURIComponent(String(value));
  });
  return `${baseUrl}${path}`;
}

/** An href that keeps the given placeholders for the client to fill in (HAL `templated: true`). */
export function templatedHref(baseUrl: string, template: string, params: PathParams = {}): string {
  const path = template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : encodeURIComponent(String(value));
  });
  return `${baseUrl}${path}`;
}
