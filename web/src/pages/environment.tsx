// One environment: what runs there, and "can I deploy X here?".
import { PageHeader, Section } from '../components/layout.tsx';
import { CanIDeployForm, CanIDeployResult, isComplete, readQuestion } from '../components/can-i-deploy.tsx';
import { DeploymentsTable } from '../components/deployments-table.tsx';
import { HealthLine, PairsTable } from '../components/health.tsx';
import { ENVIRONMENT_HEALTH_QUERY } from '../graphql/documents/health.ts';
import { Empty, QueryView } from '../components/query-state.tsx';
import { Tag } from '../components/status-badge.tsx';
import { Time } from '../components/time.tsx';
import { ENVIRONMENT_QUERY } from '../graphql/documents/environments.ts';
import { useQuery } from '../graphql/use-query.ts';
import { Link, routeHref, useLocation } from '../router.tsx';

export function EnvironmentPage({ name }: { name: string }) {
  const { search } = useLocation();
  const query = useQuery(ENVIRONMENT_QUERY, { name });
  return (
    <QueryView query={query} loadingLabel={`Loading ${name}…`}>
      {(data) => {
        const env = data.environment;
        if (env === null) {
          return (
            <>
              <PageHeader title={name} />
              <Empty title={`There is no environment called “${name}”.`}>
                <p>
                  See <Link to={routeHref({ page: 'environments' })}>all environments</Link>.
                </p>
              </Empty>
            </>
          );
        }
        const question = readQuestion(search, env.name);
        return (
          <>
            <PageHeader
              title={env.displayName ?? env.name}
              subtitle={
                <>
                  {env.production ? <Tag kind="env-prod">production</Tag> : <Tag kind="env">non-production</Tag>} ·{' '}
                  <span className="mono">{env.name}</span> · created <Time iso={env.createdAt} />
                </>
              }
            />
            <Section title="Health">
              <EnvironmentHealth name={env.name} />
            </Section>
            <Section title="Deployed and released here">
              <DeploymentsTable environment={env} />
            </Section>
            <Section title={`Can I deploy to ${env.name}?`}>
              <CanIDeployForm
                key={search.toString()}
                initial={question}
                pacticipants={data.pacticipants.map((p) => p.name)}
                environments={[env]}
                fixedEnvironment={env.name}
                basePath={routeHref({ page: 'environment', name: env.name })}
              />
              {isComplete(question) ? <CanIDeployResult question={question} /> : null}
            </Section>
          </>
        );
      }}
    </QueryView>
  );
}

/** Every pair between the versions deployed or released here, failures first. */
function EnvironmentHealth({ name }: { name: string }) {
  const query = useQuery(ENVIRONMENT_HEALTH_QUERY, { name });
  return (
    <QueryView query={query} loadingLabel="Checking every pair…">
      {(data) =>
        data.environment ? (
          <>
            <HealthLine environment={name} health={data.environment.health} />
            <PairsTable pairs={data.environment.health.pairs} caption={`Pairs in ${name}`} />
          </>
        ) : null
      }
    </QueryView>
  );
}
