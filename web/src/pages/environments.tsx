// Every environment with what runs there, and the can-i-deploy question for any of them.
import { PageHeader, Section } from '../components/layout.tsx';
import { CanIDeployForm, CanIDeployResult, isComplete, readQuestion } from '../components/can-i-deploy.tsx';
import { DeploymentsTable } from '../components/deployments-table.tsx';
import { Empty, QueryView } from '../components/query-state.tsx';
import { Tag } from '../components/status-badge.tsx';
import { ENVIRONMENTS_QUERY } from '../graphql/documents/environments.ts';
import { useQuery } from '../graphql/use-query.ts';
import { Link, routeHref, useLocation } from '../router.tsx';

export function EnvironmentsPage() {
  const { search } = useLocation();
  const query = useQuery(ENVIRONMENTS_QUERY, {});
  const question = readQuestion(search);
  return (
    <>
      <PageHeader title="Environments" subtitle="What is deployed or released where, and whether a version can go there." />
      <QueryView query={query} loadingLabel="Loading environments…">
        {(data) => (
          <>
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
            {data.environments.length === 0 ? (
              <Empty title="No environments yet.">
                <p>
                  Create one with <code>treaty create-environment --name production --production</code>.
                </p>
              </Empty>
            ) : (
              data.environments.map((env) => (
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
                  <DeploymentsTable environment={env} />
                </Section>
              ))
            )}
          </>
        )}
      </QueryView>
    </>
  );
}
