// One service: its versions by branch, where each environment runs which version, and the contracts
// it publishes (as consumer) and receives (as provider). ?branch= and ?after= select the versions shown.
import { PageHeader, Section } from '../components/layout.tsx';
import { Empty, QueryView } from '../components/query-state.tsx';
import { StatusBadge, Tag } from '../components/status-badge.tsx';
import { Time } from '../components/time.tsx';
import { PACTICIPANT_QUERY, type PacticipantData, type PactSummary } from '../graphql/documents/pacticipant.ts';
import { useQuery } from '../graphql/use-query.ts';
import { verificationStatus } from '../lib/status.ts';
import { Link, routeHref, useLocation } from '../router.tsx';

type Pacticipant = NonNullable<PacticipantData['pacticipant']>;

function ContractsTable({ pacts, counterpart, caption }: { pacts: PactSummary[]; counterpart: 'provider' | 'consumer'; caption: string }) {
  if (pacts.length === 0) return <p className="muted">None.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{counterpart === 'provider' ? 'Provider' : 'Consumer'}</th>
            <th scope="col">Consumer version</th>
            <th scope="col">Interactions</th>
            <th scope="col">Published</th>
            <th scope="col">Latest verification</th>
          </tr>
        </thead>
        <tbody>
          {pacts.map((p) => {
            const other = counterpart === 'provider' ? p.provider.name : p.consumer.name;
            return (
              <tr key={`${p.consumer.name}|${p.provider.name}|${p.consumerVersion.number}`}>
                <td>
                  <Link to={routeHref({ page: 'pacticipant', name: other })}>{other}</Link>
                </td>
                <td>
                  <Link
                    className="mono"
                    to={routeHref({
                      page: 'contract',
                      provider: p.provider.name,
                      consumer: p.consumer.name,
                      version: p.consumerVersion.number,
                    })}
                  >
                    {p.consumerVersion.number}
                  </Link>
                </td>
                <td>{p.interactionCount}</td>
                <td>
                  <Time iso={p.createdAt} />
                </td>
                <td>
                  <StatusBadge status={verificationStatus(p.latestVerification)} />
                  {p.latestVerification ? <span className="small muted"> by {p.latestVerification.providerVersion.number}</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Environments({ pacticipant }: { pacticipant: Pacticipant }) {
  const rows = [
    ...pacticipant.deployments.map((d) => ({
      key: d.uuid,
      env: d.environment,
      version: d.version.number,
      how: d.applicationInstance ? `deployed (${d.applicationInstance})` : 'deployed',
      at: d.deployedAt,
    })),
    ...pacticipant.releases.map((r) => ({ key: r.uuid, env: r.environment, version: r.version.number, how: 'released', at: r.releasedAt })),
  ].sort((a, b) => a.env.name.localeCompare(b.env.name) || b.at.localeCompare(a.at));
  if (rows.length === 0)
    return (
      <p className="muted">
        Not deployed or released anywhere yet (record one with <code>treaty record-deployment</code>).
      </p>
    );
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Versions of {pacticipant.name} in each environment</caption>
        <thead>
          <tr>
            <th scope="col">Environment</th>
            <th scope="col">Version</th>
            <th scope="col">How</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>
                <Link to={routeHref({ page: 'environment', name: r.env.name })}>{r.env.displayName ?? r.env.name}</Link>{' '}
                {r.env.production ? <Tag kind="env-prod">production</Tag> : null}
              </td>
              <td className="mono">{r.version}</td>
              <td>{r.how}</td>
              <td>
                <Time iso={r.at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Versions({ pacticipant, branch, after }: { pacticipant: Pacticipant; branch: string | null; after: string | null }) {
  const link = (query: Record<string, string | undefined>) => routeHref({ page: 'pacticipant', name: pacticipant.name }, query);
  return (
    <>
      <nav aria-label="Branches" className="branch-tabs">
        <Link to={link({})} aria-current={branch === null ? 'true' : undefined}>
          All branches
        </Link>
        {pacticipant.branches.map((b) => (
          <Link key={b.name} to={link({ branch: b.name })} aria-current={branch === b.name ? 'true' : undefined}>
            {b.name}
            {b.name === pacticipant.mainBranch ? ' (main)' : ''}
            {b.latestVersion ? <span className="muted small mono"> {b.latestVersion.number}</span> : null}
          </Link>
        ))}
      </nav>
      {pacticipant.versions.nodes.length === 0 ? (
        <p className="muted">No versions{branch ? ` on ${branch}` : ''}.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Versions{branch ? ` on branch ${branch}` : ''}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Branches and tags</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {pacticipant.versions.nodes.map((v) => (
                <tr key={v.number}>
                  <td className="mono">{v.number}</td>
                  <td>
                    <span className="chips">
                      {v.branches.map((b) => (
                        <Tag key={b.name} kind="branch" title={`branch ${b.name}${b.latest ? ' (head)' : ''}`}>
                          {b.latest ? `${b.name} (head)` : b.name}
                        </Tag>
                      ))}
                      {v.tags.map((t) => (
                        <Tag key={t.name} kind="tag">
                          {t.name}
                        </Tag>
                      ))}
                    </span>
                  </td>
                  <td>
                    <Time iso={v.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Version pages">
        {after ? <Link to={link({ branch: branch ?? undefined })}>← Newest</Link> : <span />}
        <span className="muted small">{pacticipant.versions.totalCount} versions</span>
        {pacticipant.versions.pageInfo.hasNextPage && pacticipant.versions.pageInfo.endCursor ? (
          <Link to={link({ branch: branch ?? undefined, after: pacticipant.versions.pageInfo.endCursor })}>Older →</Link>
        ) : (
          <span />
        )}
      </nav>
    </>
  );
}

export function PacticipantPage({ name }: { name: string }) {
  const { search } = useLocation();
  const branch = search.get('branch');
  const after = search.get('after');
  const query = useQuery(PACTICIPANT_QUERY, { name, branch, after });
  return (
    <QueryView query={query} loadingLabel={`Loading ${name}…`}>
      {({ pacticipant }) =>
        pacticipant === null ? (
          <>
            <PageHeader title={name} />
            <Empty title={`There is no pacticipant called “${name}”.`}>
              <p>
                It appears when it publishes a pact or a version. See the <Link to={routeHref({ page: 'dashboard' })}>dashboard</Link> for
                the services Treaty knows.
              </p>
            </Empty>
          </>
        ) : (
          <>
            <PageHeader
              // The name is what URLs, the CLI and pacts use; the display name (given, or generated from the name as
              // the Pact Broker does) follows it when it says something else.
              title={pacticipant.name}
              subtitle={
                <>
                  {pacticipant.displayName && pacticipant.displayName !== pacticipant.name ? <>{pacticipant.displayName} · </> : null}
                  {pacticipant.mainBranch ? (
                    <>
                      Main branch <Tag kind="branch">{pacticipant.mainBranch}</Tag> ·{' '}
                    </>
                  ) : null}
                  Known since <Time iso={pacticipant.createdAt} />
                  {pacticipant.repositoryUrl ? (
                    <>
                      {' '}
                      · <a href={pacticipant.repositoryUrl}>Repository</a>
                    </>
                  ) : null}
                </>
              }
            >
              <Link className="button" to={routeHref({ page: 'matrix' }, { pacticipant: pacticipant.name })}>
                Open matrix
              </Link>
            </PageHeader>
            {pacticipant.integrations.length > 0 ? (
              <Section title="Integrations">
                <ul className="integration-list">
                  {pacticipant.integrations.map((i) => (
                    <li key={i.id}>
                      <Link to={routeHref({ page: 'pacticipant', name: i.consumer.name })}>{i.consumer.name}</Link> →{' '}
                      <Link to={routeHref({ page: 'pacticipant', name: i.provider.name })}>{i.provider.name}</Link>{' '}
                      <StatusBadge status={i.status} label={i.statusLabel} />
                    </li>
                  ))}
                </ul>
              </Section>
            ) : null}
            <div className="columns">
              <Section title="Environments">
                <Environments pacticipant={pacticipant} />
              </Section>
              <Section title="Versions">
                <Versions pacticipant={pacticipant} branch={branch} after={after} />
              </Section>
            </div>
            <Section title="Contracts published">
              <ContractsTable
                pacts={pacticipant.contractsPublished}
                counterpart="provider"
                caption={`Latest pacts ${pacticipant.name} published, per provider`}
              />
            </Section>
            <Section title="Contracts consumed">
              <ContractsTable
                pacts={pacticipant.contractsConsumed}
                counterpart="consumer"
                caption={`Latest pacts published for ${pacticipant.name}, per consumer`}
              />
            </Section>
            {(pacticipant.schemas ?? []).length > 0 ? (
              <Section title="Schemas">
                <ul className="schema-list">
                  {pacticipant.schemas.map((s) => (
                    <li key={`${s.subject}|${s.role}`}>
                      <Link to={routeHref({ page: 'schema', subject: s.subject })}>{s.subject}</Link>{' '}
                      <span className="muted">
                        {s.kind}, {s.role}, version {s.version}
                        {s.lastCheck ? `, last check ${s.lastCheck.verdict}` : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              </Section>
            ) : null}
          </>
        )
      }
    </QueryView>
  );
}
