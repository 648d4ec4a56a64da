// Every environment with its health (is what runs there compatible, pair by pair?), what runs there, promotion
// planning between environments, and the can-i-deploy question for any of them.
import { PageHeader, Section } from '../components/layout.tsx';
import { CanIDeployForm, CanIDeployResult, isComplete, readQuestion } from '../components/can-i-deploy.tsx';
import { DeploymentsTable } from '../components/deployments-table.tsx';
import { HealthLine } from '../components/health.tsx';
import { isPromotionComplete, PromotionForm, PromotionResult, readPromotion } from '../components/promotion.tsx';
import { Empty, Loading, QueryView } from '../components/query-state.tsx';
import { Tag } from '../components/status-badge.tsx';
import { ENVIRONMENTS_QUERY } from '../graphql/documents/environments.ts';
import { HEALTH_SUMMARIES_QUERY, type HealthSummary } from '../graphql/documents/health.ts';
import { useQuery } from '../graphql/use-query.ts';
import { Link, routeHref, useLocation } from '../router.tsx';

export function EnvironmentsPage() {
  const { search } = useLocation();
  const query = useQuery(ENVIRONMENTS_QUERY, {});
  const healthQuery = useQuery(HEALTH_SUMMARIES_QUERY, {});
  const healthOf = (name: string): HealthSummary | undefined =>
    healthQuery.result.status === 'success' ? healthQuery.result.data.environments.find((e) => e.name === name)?.health : undefined;
  const question = readQuestion(search);
  const promotion = readPromotion(search);
  return (
    <>
      <PageHeader title="Environments" subtitle="What runs where, whether it is compatible pair by pair, and what can be promoted." />
      <QueryView query={query} loadingLabel="Loading environments…">
        {(data) => (
          <>
            {data.environments.length === 0 ? (
              <Empty title="No environments yet.">
                <p>
                  Create one with <code>treaty create-environment --name production --production</code>.
                </p>
              </Empty>
            ) : (
              data.environments.map((env) => {
                const health = healthOf(env.name);
                return (
                  <Section
                    key={env.uuid}
                    title={env.displayName ?? env.name}
                    actions={
                      <span className="section-actions">
                        {env.production ? <Tag kind="env-prod">production</Tag> : null}
                        <Link to={routeHref({ page: 'environment', name: env.name })}>Open {env.name}</Link>
                      </span>
                    }
                  >
                    {health ? (
                      <HealthLine environment={env.name} health={health} />
                    ) : healthQuery.result.status === 'loading' ? (
                      <Loading label="Checking every pair…" />
                    ) : null}
                    {health && health.counts.total > 0 ? (
                      <p className="small">
                        <Link to={routeHref({ page: 'environment', name: env.name })}>
                          {health.counts.failed + health.counts.unverified > 0
                            ? 'See the failing pairs and their reasons'
                            : 'See every pair'}
                        </Link>
                      </p>
                    ) : null}
                    <details className="deployments">
                      <summary>Deployed and released here ({env.deployedVersions.length + env.releasedVersions.length})</summary>
                      <DeploymentsTable environment={env} />
                    </details>
                  </Section>
                );
              })
            )}
            {data.environments.length > 0 ? (
              <Section title="Plan a promotion">
                <PromotionForm
                  key={`p${search.toString()}`}
                  initial={promotion}
                  environments={data.environments}
                  basePath={routeHref({ page: 'environments' })}
                />
                {isPromotionComplete(promotion) ? <PromotionResult question={promotion} /> : null}
              </Section>
            ) : null}
            <Section title="Can I deploy?">
              <CanIDeployForm
                key={search.toString()}
                initial={question}
                pacticipants={data.pacticipants.map((p) => p.name)}
                environments={data.environments}
                basePath={routeHref({ page: 'environments' })}
              />
              {isComplete(question) ? <CanIDeployResult question={question} /> : null}
            </Section>
          </>
        )}
      </QueryView>
    </>
  );
}
