// Every integration with the status of its latest pact, newest activity first; a search box that
// filters by service name (kept in the URL as ?q= so a pasted link shows the same list).
import { useId, useMemo } from 'react';
import { HealthLine } from '../components/health.tsx';
import { PageHeader } from '../components/layout.tsx';
import { Pager, usePage } from '../components/pager.tsx';
import { ShortVersion, shortVersion } from '../components/short-version.tsx';
import { Empty, QueryView } from '../components/query-state.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { Time } from '../components/time.tsx';
import { DASHBOARD_QUERY, type DashboardIntegration } from '../graphql/documents/dashboard.ts';
import { HEALTH_SUMMARIES_QUERY } from '../graphql/documents/health.ts';
import { useQuery } from '../graphql/use-query.ts';
import { Status, statusPresentation } from '../lib/status.ts';
import { Link, navigate, routeHref, useLocation } from '../router.tsx';

const statusOrder: Record<Status, number> = { FAILED: 0, PENDING: 1, UNVERIFIED: 2, VERIFIED: 3 };

function latestActivity(i: DashboardIntegration): string {
  return (
    [i.lastPublishedAt, i.lastVerifiedAt]
      .filter((t): t is string => t !== null)
      .sort()
      .at(-1) ?? ''
  );
}

export function filterIntegrations(integrations: DashboardIntegration[], search: string): DashboardIntegration[] {
  const needle = search.trim().toLowerCase();
  const matches = (p: { name: string; displayName: string | null }) =>
    p.name.toLowerCase().includes(needle) || (p.displayName ?? '').toLowerCase().includes(needle);
  return integrations
    .filter((i) => needle === '' || matches(i.consumer) || matches(i.provider))
    .sort(
      (a, b) =>
        statusOrder[a.status] - statusOrder[b.status] || latestActivity(b).localeCompare(latestActivity(a)) || a.id.localeCompare(b.id),
    );
}

function Summary({ integrations }: { integrations: DashboardIntegration[] }) {
  const counts = Object.values(Status).map((s) => [s, integrations.filter((i) => i.status === s).length] as const);
  return (
    <ul className="summary" aria-label="Integrations by status">
      {counts.map(([status, count]) => (
        <li key={status} className={`summary-item tone-${statusPresentation[status].tone}`}>
          <span className="summary-count">{count}</span> <StatusBadge status={status} />
        </li>
      ))}
    </ul>
  );
}

const PAGE_SIZE = 100;

function IntegrationsTable({ integrations }: { integrations: DashboardIntegration[] }) {
  const { page, pager } = usePage(integrations, PAGE_SIZE);
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Integrations and their latest verification status</caption>
          <thead>
            <tr>
              <th scope="col">Consumer</th>
              <th scope="col">Provider</th>
              <th scope="col">Status</th>
              <th scope="col">Latest pact</th>
              <th scope="col">Last published</th>
              <th scope="col">Last verified</th>
              <th scope="col">
                <span className="visually-hidden">Links</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.map((i) => (
              <tr key={i.id} data-integration={`${i.consumer.name}|${i.provider.name}`}>
                <td className="nowrap">
                  <Link to={routeHref({ page: 'pacticipant', name: i.consumer.name })}>{i.consumer.displayName ?? i.consumer.name}</Link>
                </td>
                <td className="nowrap">
                  <Link to={routeHref({ page: 'pacticipant', name: i.provider.name })}>{i.provider.displayName ?? i.provider.name}</Link>
                </td>
                <td>
                  <StatusBadge status={i.status} label={i.statusLabel} />
                </td>
                <td>
                  {i.latestPact ? (
                    <Link
                      className="mono"
                      to={routeHref({
                        page: 'contract',
                        provider: i.provider.name,
                        consumer: i.consumer.name,
                        version: i.latestPact.consumerVersion.number,
                      })}
                    >
                      <span title={i.latestPact.consumerVersion.number}>{shortVersion(i.latestPact.consumerVersion.number)}</span>
                    </Link>
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
                <td>
                  <Time iso={i.lastPublishedAt} />
                </td>
                <td>
                  <Time iso={i.lastVerifiedAt} fallback="never" />
                  {i.latestVerification ? (
                    <span className="muted small">
                      {' '}
                      by <ShortVersion value={i.latestVerification.providerVersion.number} />
                    </span>
                  ) : null}
                </td>
                <td>
                  <Link to={routeHref({ page: 'matrix' }, { pacticipant: i.consumer.name, counterpart: i.provider.name })}>Matrix</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} label="Integrations" />
    </>
  );
}

/** One line per environment: is what runs there compatible, pair by pair? */
function EnvironmentsHealth() {
  const query = useQuery(HEALTH_SUMMARIES_QUERY, {});
  if (query.result.status !== 'success' || query.result.data.environments.length === 0) return null;
  return (
    <section className="section" aria-label="Environment health">
      <ul className="health-lines">
        {query.result.data.environments.map((env) => (
          <li key={env.name}>
            <Link to={routeHref({ page: 'environment', name: env.name })} className="health-env">
              {env.displayName ?? env.name}
            </Link>
            <HealthLine environment={env.name} health={env.health} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DashboardPage() {
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const query = useQuery(DASHBOARD_QUERY, { search: null });
  const searchId = useId();
  const setSearch = (value: string) => navigate(routeHref({ page: 'dashboard' }, { q: value }), { replace: true });

  return (
    <>
      <PageHeader title="Dashboard" subtitle="Every consumer–provider integration and the verification of its latest pact." />
      <EnvironmentsHealth />
      <div className="toolbar" role="search">
        <label htmlFor={searchId}>Search services</label>
        <input
          id={searchId}
          type="search"
          value={q}
          placeholder="e.g. payment"
          onChange={(e) => setSearch(e.target.value)}
          autoComplete="off"
        />
      </div>
      <QueryView query={query} loadingLabel="Loading integrations…">
        {(data) => <DashboardBody integrations={data.integrations} search={q} />}
      </QueryView>
    </>
  );
}

function DashboardBody({ integrations, search }: { integrations: DashboardIntegration[]; search: string }) {
  const shown = useMemo(() => filterIntegrations(integrations, search), [integrations, search]);
  if (integrations.length === 0) {
    return (
      <Empty title="No contracts published yet.">
        <p>
          Publish a pact from a consumer's CI, e.g. <code>treaty publish pacts/ --version $GIT_SHA --branch $GIT_BRANCH</code>, and it shows
          up here.
        </p>
      </Empty>
    );
  }
  return (
    <>
      <Summary integrations={shown} />
      {shown.length === 0 ? (
        <Empty title={`No integration matches “${search}”.`}>
          <p>Search matches consumer and provider names.</p>
        </Empty>
      ) : (
        <IntegrationsTable integrations={shown} />
      )}
    </>
  );
}
