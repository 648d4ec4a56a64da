// The matrix: consumer version × provider version rows, filtered by the query string
// (/ui/matrix?pacticipant=order-service&branch=main&latestBy=CVP), paged with an opaque cursor.
import { useState, type FormEvent } from 'react';
import { PageHeader } from '../components/layout.tsx';
import { Empty, ErrorMessage, Loading, QueryView } from '../components/query-state.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { Time } from '../components/time.tsx';
import { VersionBadges } from '../components/version-badges.tsx';
import {
  FILTER_OPTIONS_QUERY,
  MATRIX_QUERY,
  type FilterOptions,
  type LatestBy,
  type MatrixFilterInput,
  type MatrixRowFields,
} from '../graphql/documents/matrix.ts';
import { useQuery } from '../graphql/use-query.ts';
import { outcomeStatus } from '../lib/status.ts';
import { Link, navigate, routeHref, useLocation } from '../router.tsx';

const PAGE_SIZE = 25;

export interface MatrixParams {
  pacticipant: string;
  version: string;
  branch: string;
  latest: boolean;
  environment: string;
  counterpart: string;
  latestBy: LatestBy | '';
  outcome: 'success' | 'failed' | 'unverified' | '';
}

const latestByLabels: Record<LatestBy | '', string> = {
  '': 'All rows',
  CVP: 'Latest provider version per consumer version',
  CVPV: 'Latest verification per version pair',
  CP: 'Latest consumer and provider versions',
};

export function readMatrixParams(search: URLSearchParams): MatrixParams {
  const latestBy = search.get('latestBy') ?? '';
  const outcome = search.get('outcome') ?? '';
  return {
    pacticipant: search.get('pacticipant') ?? '',
    version: search.get('version') ?? '',
    branch: search.get('branch') ?? '',
    latest: search.get('latest') === 'true',
    environment: search.get('environment') ?? '',
    counterpart: search.get('counterpart') ?? '',
    latestBy: latestBy === 'CVP' || latestBy === 'CVPV' || latestBy === 'CP' ? latestBy : '',
    outcome: outcome === 'success' || outcome === 'failed' || outcome === 'unverified' ? outcome : '',
  };
}

export function matrixParamsToQuery(p: MatrixParams): Record<string, string | undefined> {
  return {
    pacticipant: p.pacticipant,
    version: p.version,
    branch: p.branch,
    latest: p.latest ? 'true' : undefined,
    environment: p.environment,
    counterpart: p.counterpart,
    latestBy: p.latestBy,
    outcome: p.outcome,
  };
}

export function toMatrixFilter(p: MatrixParams): MatrixFilterInput {
  const filter: MatrixFilterInput = { pacticipant: p.pacticipant };
  if (p.version) filter.version = p.version;
  if (p.branch) filter.branch = p.branch;
  if (p.latest) filter.latest = true;
  if (p.environment) filter.environment = p.environment;
  if (p.counterpart) filter.counterpart = p.counterpart;
  if (p.latestBy) filter.latestBy = p.latestBy;
  if (p.outcome === 'success') filter.success = true;
  if (p.outcome === 'failed') filter.success = false;
  if (p.outcome === 'unverified') filter.unverifiedOnly = true;
  return filter;
}

function MatrixFilters({ initial, options }: { initial: MatrixParams; options: FilterOptions | undefined }) {
  const [form, setForm] = useState(initial);
  const set = <K extends keyof MatrixParams>(key: K, value: MatrixParams[K]) => setForm((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(routeHref({ page: 'matrix' }, matrixParamsToQuery(form)));
  };
  const names = options?.pacticipants.map((p) => p.name) ?? [];
  const branches = [...new Set(options?.pacticipants.find((p) => p.name === form.pacticipant)?.branches.map((b) => b.name) ?? [])];
  return (
    <form className="filters" onSubmit={submit} aria-label="Matrix filters">
      <div className="field">
        <label htmlFor="f-pacticipant">Pacticipant</label>
        <input
          id="f-pacticipant"
          list="f-pacticipants"
          value={form.pacticipant}
          required
          onChange={(e) => set('pacticipant', e.target.value)}
          placeholder="service name"
        />
        <datalist id="f-pacticipants">
          {names.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="f-version">Version</label>
        <input id="f-version" value={form.version} onChange={(e) => set('version', e.target.value)} placeholder="any" className="mono" />
      </div>
      <div className="field">
        <label htmlFor="f-branch">Branch</label>
        <input id="f-branch" list="f-branches" value={form.branch} onChange={(e) => set('branch', e.target.value)} placeholder="any" />
        <datalist id="f-branches">
          {branches.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
        <label className="checkbox">
          <input type="checkbox" checked={form.latest} onChange={(e) => set('latest', e.target.checked)} /> head only
        </label>
      </div>
      <div className="field">
        <label htmlFor="f-environment">Environment</label>
        <select id="f-environment" value={form.environment} onChange={(e) => set('environment', e.target.value)}>
          <option value="">any</option>
          {options?.environments.map((env) => (
            <option key={env.name} value={env.name}>
              {env.displayName ?? env.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-counterpart">With</label>
        <input
          id="f-counterpart"
          list="f-pacticipants"
          value={form.counterpart}
          onChange={(e) => set('counterpart', e.target.value)}
          placeholder="any counterpart"
        />
      </div>
      <div className="field">
        <label htmlFor="f-latest-by">Latest by</label>
        <select id="f-latest-by" value={form.latestBy} onChange={(e) => set('latestBy', e.target.value as MatrixParams['latestBy'])}>
          {Object.entries(latestByLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-outcome">Outcome</label>
        <select id="f-outcome" value={form.outcome} onChange={(e) => set('outcome', e.target.value as MatrixParams['outcome'])}>
          <option value="">any</option>
          <option value="success">Verified</option>
          <option value="failed">Failed</option>
          <option value="unverified">Not verified</option>
        </select>
      </div>
      <div className="field field-actions">
        <button type="submit" className="button primary">
          Show matrix
        </button>
      </div>
    </form>
  );
}

function MatrixTable({ rows }: { rows: MatrixRowFields[] }) {
  return (
    <div className="table-wrap">
      <table className="table matrix">
        <caption className="visually-hidden">Matrix rows: consumer version, provider version, pact and verification</caption>
        <thead>
          <tr>
            <th scope="col">Consumer version</th>
            <th scope="col">Provider version</th>
            <th scope="col">Pact</th>
            <th scope="col">Verification</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const contract = routeHref({
              page: 'contract',
              provider: row.provider.name,
              consumer: row.consumer.name,
              version: row.consumerVersion.number,
            });
            return (
              <tr
                key={`${row.consumer.name}|${row.consumerVersion.number}|${row.provider.name}|${row.providerVersion?.number ?? ''}|${index}`}
              >
                <td>
                  <div className="party">
                    <Link to={routeHref({ page: 'pacticipant', name: row.consumer.name })}>{row.consumer.name}</Link>{' '}
                    <span className="mono version">{row.consumerVersion.number}</span>
                  </div>
                  <VersionBadges version={row.consumerVersion} />
                </td>
                <td>
                  <div className="party">
                    <Link to={routeHref({ page: 'pacticipant', name: row.provider.name })}>{row.provider.name}</Link>{' '}
                    {row.providerVersion ? (
                      <span className="mono version">{row.providerVersion.number}</span>
                    ) : (
                      <span className="muted">no version verified</span>
                    )}
                  </div>
                  {row.providerVersion ? <VersionBadges version={row.providerVersion} /> : null}
                </td>
                <td>
                  <Link to={contract}>View pact</Link> <span className="muted small">({row.pact.sha.slice(0, 8)})</span>
                  <div className="small muted">
                    published <Time iso={row.pactPublishedAt} />
                  </div>
                </td>
                <td>
                  <StatusBadge status={outcomeStatus[row.outcome]} />
                  {row.verification ? (
                    <div className="small">
                      <Link to={`${contract}#verification-${row.verification.number}`}>Verification #{row.verification.number}</Link>{' '}
                      <Time iso={row.verification.verifiedAt} />
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function MatrixPage() {
  const { search } = useLocation();
  const params = readMatrixParams(search);
  const after = search.get('after');
  const options = useQuery(FILTER_OPTIONS_QUERY, {});
  const optionsData = options.result.status === 'success' ? options.result.data : undefined;
  const formKey = search.toString();

  return (
    <>
      <PageHeader title="Matrix" subtitle="Which consumer versions and provider versions have been verified together." />
      <MatrixFilters key={formKey} initial={params} options={optionsData} />
      {options.result.status === 'error' ? <ErrorMessage error={options.result.error} onRetry={options.retry} /> : null}
      {params.pacticipant === '' ? (
        options.result.status === 'loading' ? (
          <Loading />
        ) : (
          <Empty title="Choose a pacticipant to see its matrix.">
            {optionsData && optionsData.pacticipants.length > 0 ? (
              <p>
                For example:{' '}
                {optionsData.pacticipants.slice(0, 6).map((p, i) => (
                  <span key={p.name}>
                    {i > 0 ? ', ' : ''}
                    <Link to={routeHref({ page: 'matrix' }, { pacticipant: p.name })}>{p.name}</Link>
                  </span>
                ))}
              </p>
            ) : (
              <p>No pacticipants yet: publish a pact first.</p>
            )}
          </Empty>
        )
      ) : (
        <MatrixResults params={params} after={after} />
      )}
    </>
  );
}

function MatrixResults({ params, after }: { params: MatrixParams; after: string | null }) {
  const query = useQuery(MATRIX_QUERY, { filter: toMatrixFilter(params), first: PAGE_SIZE, after });
  const base = matrixParamsToQuery(params);
  return (
    <QueryView query={query} loadingLabel="Loading matrix…">
      {(data) =>
        data.matrix.nodes.length === 0 ? (
          <Empty title="No matrix rows match these filters.">
            <p>Rows appear once {params.pacticipant} publishes a pact or verifies one. Try removing a filter.</p>
          </Empty>
        ) : (
          <>
            <MatrixTable rows={data.matrix.nodes} />
            <nav className="pager" aria-label="Matrix pages">
              {after ? <Link to={routeHref({ page: 'matrix' }, base)}>← First page</Link> : <span />}
              {data.matrix.pageInfo.hasNextPage && data.matrix.pageInfo.endCursor ? (
                <Link to={routeHref({ page: 'matrix' }, { ...base, after: data.matrix.pageInfo.endCursor })}>Next page →</Link>
              ) : (
                <span className="muted small">End of matrix</span>
              )}
            </nav>
          </>
        )
      }
    </QueryView>
  );
}
