// GET / — the HAL index. Pact clients discover every feature through these relations and report
// "not supported" when one is missing, so the list mirrors the Pact Broker's index exactly.
import type { Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { sendHal } from '../hal.ts';
import { paths, templatedHref } from '../../paths.ts';

const relations: Array<[rel: string, template: string, title: string]> = [
  ['pb:publish-pact', paths.pactForConsumerVersion.replace('{consumerVersion}', '{consumerApplicationVersion}'), 'Publish a pact'],
  ['pb:publish-contracts', paths.publishContracts, 'Publish contracts'],
  ['pb:latest-pact-versions', paths.latestPactVersions, 'Latest pact versions'],
  ['pb:tagged-pact-versions', paths.taggedPactVersions, 'All versions of a pact for a given consumer, provider and consumer version tag'],
  ['pb:branch-pact-versions', paths.branchPactVersions, 'All versions of pacts for a provider, for a named consumers branch'],
  ['pb:latest-branch-pact-versions', paths.latestBranchPactVersions, 'Latest version of pact for a provider, for a named consumers branch'],
  ['pb:main-branch-pact-versions', paths.mainBranchPactVersions, 'All versions of pacts for a provider, for a named consumers main branch'],
  [
    'pb:latest-main-branch-pact-versions',
    paths.latestMainBranchPactVersions,
    'Latest version of pact for a provider, for a named consumers main branch',
  ],
  ['pb:provider-pacts-with-main-branch', paths.providerPactsForMainBranch, 'All pacts for a provider, for any consumers main branch'],
  ['pb:provider-pacts-with-branch', paths.providerPactsForBranch, 'All pacts for a provider, for any consumers named branch'],
  [
    'pb:latest-provider-pacts-with-main-branch',
    paths.latestProviderPactsForMainBranch,
    'Latest pact for a provider, for any consumers main branch',
  ],
  [
    'pb:latest-provider-pacts-with-branch',
    paths.latestProviderPactsForBranch,
    'Latest pacts for a provider, for any consumers named branch',
  ],
  ['pb:pacticipants', paths.pacticipants, 'Pacticipants'],
  ['pb:pacticipant', paths.pacticipant, 'Fetch pacticipant by name'],
  ['pb:latest-provider-pacts', paths.latestProviderPacts, 'Latest pacts by provider'],
  ['pb:latest-provider-pacts-with-tag', paths.latestProviderPactsWithTag, 'Latest pacts for provider with the specified tag'],
  ['pb:provider-pacts-with-tag', paths.providerPactsWithTag, 'All pact versions for the provider with the specified consumer version tag'],
  ['pb:provider-pacts', paths.providerPacts, 'All pact versions for the specified provider'],
  ['pb:latest-version', paths.latestVersion, 'Latest pacticipant version'],
  ['pb:latest-tagged-version', paths.latestTaggedVersion, 'Latest pacticipant version with the specified tag'],
  ['pb:webhooks', paths.webhooks, 'Webhooks'],
  ['pb:webhook', paths.webhook, 'Webhook'],
  ['pb:integrations', paths.integrations, 'Integrations'],
  ['pb:pacticipant-version-tag', paths.versionTag, 'Get, create or delete a tag for a pacticipant version'],
  ['pb:pacticipant-branch', paths.branch, 'Get or delete a pacticipant branch'],
  ['pb:pacticipant-branch-version', paths.branchVersion, 'Get or add/create a pacticipant version for a branch'],
  ['pb:pacticipant-version', paths.pacticipantVersion, 'Get, create or delete a pacticipant version'],
  ['pb:metrics', '/metrics', 'Get Pact Broker metrics'],
  [
    'pb:can-i-deploy-pacticipant-version-to-tag',
    `${paths.canIDeploy}?pacticipant={pacticipant}&version={version}&to={tag}`,
    'Determine if an application version can be safely deployed to an environment identified by the given tag',
  ],
  [
    'pb:can-i-deploy-pacticipant-version-to-environment',
    `${paths.canIDeploy}?pacticipant={pacticipant}&version={version}&environment={environment}`,
    'Determine if an application version can be safely deployed to an environment',
  ],
  [
    'pb:can-i-deploy-branch-to-environment',
    paths.canIDeployBranchToEnvironment,
    'Determine if the latest version of a branch can be safely deployed to an environment',
  ],
  ['pb:provider-pacts-for-verification', paths.providerPactsForVerification, 'Pact versions to be verified for the specified provider'],
  [
    'beta:provider-pacts-for-verification',
    paths.providerPactsForVerification,
    'DEPRECATED - please use pb:provider-pacts-for-verification',
  ],
  ['pb:environments', paths.environments, 'Environments'],
  ['pb:environment', paths.environment.replace('{environment}', '{uuid}'), 'Environment'],
  // PactFlow: bi-directional provider contracts (pactflow publish-provider-contract)
  ['pf:publish-provider-contract', paths.publishProviderContract, 'Publish a provider contract'],
  // Treaty only (issue #6, admin scope): API tokens and the audit log
  ['treaty:tokens', paths.tokens, 'API tokens'],
  ['treaty:audit-events', paths.auditEvents, 'Audit log of write requests'],
  // Treaty only (issue #8): schema contracts
  ['treaty:schema-publish', paths.schemaPublish, 'Publish a schema (protobuf, JSON Schema or OpenAPI) for a pacticipant version'],
  ['treaty:schema-check', paths.schemaCheck, 'Check schema files against what is published, storing nothing'],
  ['treaty:schema-subjects', paths.schemaSubjects, 'Schema subjects'],
  ['treaty:schema-subject', paths.schemaSubject, 'A schema subject: its mode, publications and checks'],
];

export function registerIndexRoutes(router: Router, _deps: RouteDeps): void {
  router.get(paths.index, (_req, res) => {
    const base = res.locals.baseUrl;
    const links: Record<string, unknown> = { self: { href: base, title: 'Index' } };
    for (const [rel, template, title] of relations) {
      links[rel] = { href: templatedHref(base, template), title, templated: template.includes('{') };
    }
    links.curies = [
      { name: 'pb', href: `${base}/doc/{rel}?context=index`, templated: true },
      { name: 'beta', href: `${base}/doc/{rel}?context=index`, templated: true },
      { name: 'treaty', href: `${base}/doc/{rel}?context=index`, templated: true },
    ];
    sendHal(res, 200, { _links: links });
  });
}
